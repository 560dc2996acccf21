package dev.shipshape.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * A valid policy with its {@code metadata.labels}, by which HardeningExemptions may select it.
 *
 * @param policy the policy, compiled without the HardeningExemptions it honours
 * @param labels its labels
 */
public record LabelledPolicy(CompiledPolicy policy, Map<String, String> labels) {

    public LabelledPolicy {
        labels = Map.copyOf(labels);
    }

    public String name() {
        return policy.name();
    }

    /** Whether {@code request} asks this policy to honour it, by name or by label. */
    public boolean askedBy(ExemptionRequest request) {
        return request.asksFor(policy.name(), labels);
    }

    /** Why the policy refuses {@code request}, or empty when it honours it. */
    public Optional<String> refusal(ExemptionRequest request) {
        return policy.delegation().refusal(policy.name(), request);
    }

    /** The policy with the exemptions of the {@code requests} that ask it and that it honours, in key order. */
    public CompiledPolicy honouring(Collection<ExemptionRequest> requests) {
        return policy.withHonoured(requests.stream()
                .filter(request -> askedBy(request) && refusal(request).isEmpty())
                .sorted(Comparator.comparing(ExemptionRequest::key))
                .toList());
    }
}
