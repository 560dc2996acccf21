package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
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
 * An app team's request, in its own namespace, to exempt some of its workloads from some checks of the policies
 * that delegate exemptions (spec.delegatedExemptions), for a reason and until a date. Namespaced.
 */
@Group(HardeningPolicy.GROUP)
@Version(HardeningPolicy.VERSION)
@Kind(HardeningExemption.KIND)
@Plural(HardeningExemption.PLURAL)
@Singular("hardeningexemption")
@ShortNames("hx")
@AdditionalPrinterColumn(name = "Checks", jsonPath = ".spec.checks", type = STRING,
        getDescription = "The checks it exempts")
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".spec.expires", type = DATE,
        getDescription = "When it stops applying")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status",
        type = STRING, getDescription = "Whether some policy honours it")
@AdditionalPrinterColumn(name = "Exempted", jsonPath = ".status.exemptedWorkloads", type = INTEGER,
        getDescription = "Workloads it currently exempts from some finding")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE,
        getDescription = "Time since it was created")
public class HardeningExemption extends CustomResource<HardeningExemptionSpec, HardeningExemptionStatus>
        implements Namespaced {

    public static final String KIND = "HardeningExemption";
    public static final String PLURAL = "hardeningexemptions";

    @Override
    @JsonPropertyDescription("What is exempt, from which policies, why and until when.")
    public HardeningExemptionSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: which policies honour the exemption and how many "
            + "workloads it exempts.")
    public HardeningExemptionStatus getStatus() {
        return super.getStatus();
    }

    @Override
    protected HardeningExemptionSpec initSpec() {
        return new HardeningExemptionSpec();
    }
}
