package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Segmentation;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.CelRule;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workload's pods must be selected by a NetworkPolicy of their namespace, for ingress, egress or both: without
 * one, every pod in the cluster can reach them (and they can reach everything). Decided from the NetworkPolicies
 * the workload is evaluated {@link Workload#within}; where they are not known, nothing is reported.
 */
public final class NetworkPolicyCheck implements Check {

    private static final String REQUIRE = "require";
    private static final String INGRESS = "ingress";
    private static final String EGRESS = "egress";
    private static final String BOTH = "both";

    /** The check's id: the one check that reads a namespace's NetworkPolicies. */
    public static final String ID = "network-policy";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder(ID)
            .title("Network segmentation")
            .category(Category.NETWORK)
            .profile(Profile.HARDENED)
            .severity(Severity.LOW)
            .fields("metadata.labels")
            .why("Pods no NetworkPolicy selects accept traffic from every pod in the cluster, so one compromised "
                    + "workload can reach them; segmentation limits how far an intruder moves, but its absence "
                    + "is not an exploit in itself, hence low.")
            .fix("Add a NetworkPolicy to the namespace whose podSelector matches the pods' labels (a default-deny "
                    + "policy with podSelector: {} covers every pod), with the policyTypes required.")
            .param(CheckParam.oneOf(REQUIRE, "The direction a NetworkPolicy must isolate the pods in: ingress, "
                    + "egress or both.", INGRESS, List.of(INGRESS, EGRESS, BOTH)))
            .build();

    private static final FieldPath LABELS = FieldPath.of("labels");

    private final boolean ingress;
    private final boolean egress;

    public NetworkPolicyCheck() {
        this(true, false);
    }

    private NetworkPolicyCheck(boolean ingress, boolean egress) {
        this.ingress = ingress;
        this.egress = egress;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check withParams(CheckParams params) {
        String require = params.string(REQUIRE);
        return new NetworkPolicyCheck(!EGRESS.equals(require), !INGRESS.equals(require));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        Segmentation segmentation = workload.segmentation();
        if (!segmentation.known()) {
            return;
        }
        Map<String, String> podLabels = workload.podMetadata().getLabels() == null ? Map.of()
                : new TreeMap<>(workload.podMetadata().getLabels());
        boolean missingIngress = ingress && !segmentation.isolatesIngress(podLabels);
        boolean missingEgress = egress && !segmentation.isolatesEgress(podLabels);
        if (missingIngress || missingEgress) {
            String direction = missingIngress && missingEgress ? "ingress and egress"
                    : missingIngress ? INGRESS : EGRESS;
            findings.podMetadata(LABELS, "no NetworkPolicy in namespace " + workload.namespace()
                    + " selects its pods " + (podLabels.isEmpty() ? "(they have no labels)" : podLabels)
                    + " for " + direction);
        }
    }

    @Override
    public CelRule celRule() {
        return CelRule.webhookOnly("it reads the NetworkPolicies of the namespace, which an admission policy cannot see");
    }
}
