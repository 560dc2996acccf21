package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicies of a workload's namespace, as far as they isolate pods: which pods each selects, and whether
 * for ingress, egress or both. {@link #UNKNOWN} when they are not known (a scan whose input holds none for the
 * namespace), so that nothing is decided about segmentation.
 *
 * @param known whether the namespace's NetworkPolicies are known; when false, {@code policies} is empty
 * @param policies the NetworkPolicies of the namespace
 */
public record Segmentation(boolean known, List<Isolation> policies) {

    /** Nothing is known about the namespace's NetworkPolicies. */
    public static final Segmentation UNKNOWN = new Segmentation(false, List.of());
    /** The namespace has no NetworkPolicy: no pod in it is isolated. */
    public static final Segmentation NONE = new Segmentation(true, List.of());

    public Segmentation {
        policies = List.copyOf(policies);
    }

    /**
     * One NetworkPolicy: the pods it selects and the directions it isolates them in.
     *
     * @param name the NetworkPolicy's name, for messages
     */
    public record Isolation(String name, LabelSelectorMatcher podSelector, boolean ingress, boolean egress) {
    }

    /** The segmentation the namespace's {@code networkPolicies} give, as Kubernetes reads them. */
    public static Segmentation of(Collection<NetworkPolicy> networkPolicies) {
        List<Isolation> policies = new ArrayList<>();
        for (NetworkPolicy policy : networkPolicies) {
            NetworkPolicySpec spec = policy.getSpec() == null ? new NetworkPolicySpec() : policy.getSpec();
            List<FieldProblem> ignored = new ArrayList<>();
            LabelSelectorMatcher selector = LabelSelectorMatcher.compile(spec.getPodSelector(), FieldPath.ROOT,
                    ignored);
            List<String> types = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
            // without policyTypes, a policy isolates for ingress always, and for egress when it has egress rules
            boolean ingress = types.isEmpty() || types.contains("Ingress");
            boolean egress = types.isEmpty() ? spec.getEgress() != null && !spec.getEgress().isEmpty()
                    : types.contains("Egress");
            if (ignored.isEmpty()) {
                policies.add(new Isolation(policy.getMetadata() == null ? "" : policy.getMetadata().getName(),
                        selector, ingress, egress));
            }
        }
        return new Segmentation(true, policies);
    }

    /** Whether some NetworkPolicy selects pods labelled {@code podLabels} for ingress. */
    public boolean isolatesIngress(Map<String, String> podLabels) {
        return policies.stream().anyMatch(policy -> policy.ingress() && policy.podSelector().matches(podLabels));
    }

    /** Whether some NetworkPolicy selects pods labelled {@code podLabels} for egress. */
    public boolean isolatesEgress(Map<String, String> podLabels) {
        return policies.stream().anyMatch(policy -> policy.egress() && policy.podSelector().matches(podLabels));
    }
}
