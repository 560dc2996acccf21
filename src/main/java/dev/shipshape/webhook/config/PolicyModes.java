package dev.shipshape.webhook.config;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
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
     * Summarises the policies' specs, taking the CRD defaults for unset fields (mode Audit, admission None),
     * with the same rule the admission server uses to pick each webhook's policies.
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
            HardeningPolicySpec spec = policy.getSpec() == null ? new HardeningPolicySpec() : policy.getSpec();
            Mode mode = spec.getMode() == null ? Mode.Audit : spec.getMode();
            AdmissionRemediation admission = admissionRemediation(spec.getRemediation());
            enforce |= WebhookKind.ENFORCE.serves(mode, admission);
            advisory |= WebhookKind.ADVISORY.serves(mode, admission);
            mutate |= WebhookKind.MUTATE.serves(mode, admission);
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

    private static AdmissionRemediation admissionRemediation(RemediationSettings remediation) {
        if (remediation == null || remediation.getAdmission() == null) {
            return AdmissionRemediation.None;
        }
        return remediation.getAdmission();
    }
}
