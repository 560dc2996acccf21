package dev.shipshape.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A HardeningExemption, compiled: an app team's request to exempt findings in its namespace from the policies it
 * names or selects, which each policy honours or refuses ({@link Delegation}).
 *
 * @param namespace the exemption's namespace, the only one it can exempt
 * @param name its name
 * @param policies the names of the policies it asks for
 * @param policySelector the labels of the policies it asks for, or null when it selects none by label
 * @param checks the check ids it exempts; never empty
 * @param workloads workload name globs; empty means any in the namespace
 * @param containers container name globs; empty means any
 * @param images image globs; empty means any
 * @param reason why, with the ticket when it has one
 * @param expires when it stops applying
 * @param created when it was created, from which the policy's maxDays count
 */
public record ExemptionRequest(String namespace, String name, List<String> policies,
                               LabelSelectorMatcher policySelector, List<String> checks, List<String> workloads,
                               List<String> containers, List<String> images, String reason, Instant expires,
                               Instant created) {

    public ExemptionRequest {
        policies = List.copyOf(policies);
        checks = List.copyOf(checks);
        workloads = List.copyOf(workloads);
        containers = List.copyOf(containers);
        images = List.copyOf(images);
    }

    /** Whether it asks the policy named {@code policy}, labelled {@code labels}, to honour it. */
    public boolean asksFor(String policy, Map<String, String> labels) {
        return policies.contains(policy) || policySelector != null && policySelector.matches(labels);
    }

    /** {@code namespace/name}, as kubectl names it. */
    public String key() {
        return namespace + "/" + name;
    }

    /** The exemption a policy that honours it adds to its own. */
    public Exemption exemption() {
        return new Exemption(-1, checks, List.of(namespace), workloads, containers, images, reason, expires,
                "HardeningExemption " + key());
    }
}
