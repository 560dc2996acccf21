package dev.shipshape.webhook.config;

import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.webhook.WebhookKind;

import java.util.Collection;

/**
 * What the existing valid policies ask of admission, which decides the webhook configurations that should exist.
 * The webhook for Shipshape's own resources is always needed: it checks the first policy as much as the others.
 *
 * @param anyEnforce  some policy is in Enforce mode
 * @param anyAdvisory some policy is in Warn or Audit mode
 * @param anyMutate   some policy fills in missing fields at admission ({@code remediation.admission: Mutate})
 */
public record PolicyModes(boolean anyEnforce, boolean anyAdvisory, boolean anyMutate) {

    /**
     * Summarises the policies' specs, read as {@link PolicyActions} like everywhere else, with the same rule the
     * admission server uses to pick each webhook's policies. Policies whose specs do not compile enforce nothing and
     * do not count, so an invalid Enforce policy never installs the fail-closed webhook; nor do policies marked for
     * deletion, so removing the last policy removes every webhook for workloads; nor, for the validating webhooks,
     * policies whose every check generated admission policies decide ({@link EnforcementPlan}), so that no
     * fail-closed webhook is installed when none needs it.
     */
    public static PolicyModes of(Collection<HardeningPolicy> policies, boolean admissionPoliciesServed) {
        boolean enforce = false;
        boolean advisory = false;
        boolean mutate = false;
        for (HardeningPolicy policy : policies) {
            if (policy.isMarkedForDeletion()) {
                continue;
            }
            CompiledPolicy compiled;
            try {
                compiled = PolicyCompiler.compile(policy.getMetadata().getName(), policy.getSpec());
            } catch (InvalidPolicyException e) {
                continue;
            }
            PolicyActions actions = compiled.actions();
            boolean validates = EnforcementPlan.of(compiled, admissionPoliciesServed).forWebhook(compiled).isPresent();
            enforce |= validates && WebhookKind.ENFORCE.serves(actions);
            advisory |= validates && WebhookKind.ADVISORY.serves(actions);
            mutate |= WebhookKind.MUTATE.serves(actions);
        }
        return new PolicyModes(enforce, advisory, mutate);
    }

    /** Whether some policy is served by the webhook, so that its configuration should exist. */
    public boolean needs(WebhookKind webhook) {
        return switch (webhook) {
            case ENFORCE -> anyEnforce;
            case ADVISORY -> anyAdvisory;
            case MUTATE -> anyMutate;
            case POLICIES -> true;
        };
    }
}
