package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/**
 * A cluster-wide set of hardening rules: which checks run, on which workloads, what happens to violations
 * and which findings are exempt. Cluster-scoped. kubectl shows the printer columns in the order below.
 */
@Group(HardeningPolicy.GROUP)
@Version(HardeningPolicy.VERSION)
@Kind(HardeningPolicy.KIND)
@Plural(HardeningPolicy.PLURAL)
@Singular("hardeningpolicy")
@ShortNames("hp")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = STRING,
        getDescription = "What the policy does with violations at admission")
@AdditionalPrinterColumn(name = "Profile", jsonPath = ".spec.profile", type = STRING,
        getDescription = "The check profile the policy starts from")
@AdditionalPrinterColumn(name = "Compliant", jsonPath = ".status.complianceRatio", type = STRING,
        getDescription = "Share of matched workloads without findings, from 0 to 1")
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.summary.violating", type = INTEGER,
        getDescription = "Matched workloads with at least one violation")
@AdditionalPrinterColumn(name = "WouldDeny", jsonPath = ".status.wouldDeny", type = INTEGER,
        getDescription = "Matched workloads Enforce mode would deny now")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = STRING, getDescription = "Whether the policy is valid and in effect")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE,
        getDescription = "Time since the policy was created")
public class HardeningPolicy extends CustomResource<HardeningPolicySpec, HardeningPolicyStatus> {

    public static final String GROUP = "shipshape.dev";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "HardeningPolicy";
    public static final String PLURAL = "hardeningpolicies";

    @Override
    @JsonPropertyDescription("The desired behaviour of the policy.")
    public HardeningPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: whether the policy is valid and how compliant the "
            + "workloads it matches are.")
    public HardeningPolicyStatus getStatus() {
        return super.getStatus();
    }

    @Override
    protected HardeningPolicySpec initSpec() {
        return new HardeningPolicySpec();
    }
}
