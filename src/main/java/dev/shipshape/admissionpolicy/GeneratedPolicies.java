package dev.shipshape.admissionpolicy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one HardeningPolicy compiles to.
 *
 * @param policyName the HardeningPolicy's name
 * @param policies the ValidatingAdmissionPolicies, one per admission action its checks lead to
 * @param bindings one binding per policy, of the same name
 * @param generated ids of the checks the generated policies decide
 * @param webhookOnly ids of the checks that stay with the webhook, each with why, in the policy's order
 * @param regenerateAt when the earliest exemption in the generated CEL expires and the policies must be generated
 *                     again, or null
 */
public record GeneratedPolicies(String policyName, List<ValidatingAdmissionPolicy> policies,
                                List<ValidatingAdmissionPolicyBinding> bindings, List<String> generated,
                                Map<String, String> webhookOnly, Instant regenerateAt) {

    public GeneratedPolicies {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        generated = List.copyOf(generated);
        webhookOnly = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(webhookOnly));
    }

    /** True when the generated policies decide every check of the HardeningPolicy. */
    public boolean complete() {
        return webhookOnly.isEmpty();
    }
}
