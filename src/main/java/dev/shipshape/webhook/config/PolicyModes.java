package dev.shipshape.webhook.config;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.webhook.WebhookKind;

import java.util.Collection;

/**
 * What the existing policies ask of admission, which decides the webhook configurations that should exist.
 *
 * @param anyEnforce  some policy is in Enforce mode
 * @param anyAdvisory some policy is in Warn or Audit mode
 * @param anyMutate   some policy fills in missing fields at admission ({@code remediation.admission: Mutate})
 */
public record PolicyModes(boolean anyEnforce, boolean anyAdvisory, boolean anyMutate) {

    /**
     * Summarises the policies' specs, valid or not, read as {@link PolicyActions} like everywhere else, with the same
     * rule the admission server uses to pick each webhook's policies.
     * Policies marked for deletion no longer count, so removing the last policy removes every webhook.
     */
    public static PolicyModes of(Collection<HardeningPolicy> policies) {
        boolean enforce = false;
        boolean advisory = false;
        boolean mutate = false;
        for (HardeningPolicy policy : policies) {
            if (policy.isMarkedForDeletion()) {
                continue;
            }
            PolicyActions actions = PolicyActions.of(policy.getSpec());
            enforce |= WebhookKind.ENFORCE.serves(actions);
            advisory |= WebhookKind.ADVISORY.serves(actions);
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
        };
    }
}
