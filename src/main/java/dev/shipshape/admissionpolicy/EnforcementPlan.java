package dev.shipshape.admissionpolicy;

import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.cel.CelRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which part of the cluster decides which of a policy's checks at admission: the one reading of
 * {@code spec.enforcement} against what the API server serves, shared by the webhook, the generator of admission
 * policies and the policy's status.
 *
 * @param generated true when ValidatingAdmissionPolicies generated from the policy decide its checks
 * @param reason why, for the policy's status
 * @param admissionPolicyChecks the checks the generated policies decide, in the policy's order
 * @param webhookOnly on the generated path, the checks CEL cannot decide, each with why
 * @param webhookDecidesWebhookOnly whether the webhook decides those (Auto) or nothing does at admission
 *                                  (AdmissionPolicy)
 */
public record EnforcementPlan(boolean generated, String reason, List<String> admissionPolicyChecks,
                              Map<String, String> webhookOnly, boolean webhookDecidesWebhookOnly) {

    public static final String ADMISSION_POLICY_PATH = "AdmissionPolicy";
    public static final String WEBHOOK_PATH = "Webhook";

    public EnforcementPlan {
        admissionPolicyChecks = List.copyOf(admissionPolicyChecks);
        webhookOnly = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(webhookOnly));
    }

    /**
     * @param admissionPoliciesServed whether the API server serves {@code admissionregistration.k8s.io/v1}
     *                                ValidatingAdmissionPolicies and their bindings
     */
    public static EnforcementPlan of(CompiledPolicy policy, boolean admissionPoliciesServed) {
        Enforcement requested = policy.actions().enforcement();
        if (requested == Enforcement.Webhook) {
            return new EnforcementPlan(false, "spec.enforcement is Webhook", List.of(), Map.of(), true);
        }
        if (!admissionPoliciesServed) {
            return new EnforcementPlan(false, "spec.enforcement is " + requested + " but the API server serves no "
                    + "ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+): the webhook "
                    + "decides every check", List.of(), Map.of(), true);
        }
        List<String> generated = new ArrayList<>();
        Map<String, String> webhookOnly = new LinkedHashMap<>();
        for (ActiveCheck active : policy.checks()) {
            CelRule rule = active.check().celRule();
            if (rule.expressible()) {
                generated.add(active.id());
            } else {
                webhookOnly.put(active.id(), rule.webhookOnlyReason());
            }
        }
        boolean auto = requested == Enforcement.Auto;
        String reason = "spec.enforcement is " + requested + " and the API server serves ValidatingAdmissionPolicies"
                + (webhookOnly.isEmpty() ? ": they decide every check"
                : auto ? ": they decide every check CEL decides exactly, the webhook the rest"
                : ": they decide every check CEL decides exactly; the rest are only audited");
        return new EnforcementPlan(true, reason, generated, webhookOnly, auto);
    }

    /** {@link #ADMISSION_POLICY_PATH} or {@link #WEBHOOK_PATH}. */
    public String path() {
        return generated ? ADMISSION_POLICY_PATH : WEBHOOK_PATH;
    }

    /**
     * The policy as the admission webhook decides it: whole on the webhook path, only the checks left to it on the
     * generated path, or empty when the webhook decides none of its checks.
     */
    public Optional<CompiledPolicy> forWebhook(CompiledPolicy policy) {
        if (!generated) {
            return Optional.of(policy);
        }
        if (!webhookDecidesWebhookOnly || webhookOnly.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(policy.withChecks(policy.checks().stream()
                .filter(check -> webhookOnly.containsKey(check.id())).toList()));
    }
}
