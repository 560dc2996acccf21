package dev.shipshape.webhook.config;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.webhook.WebhookKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyModesTest {

    @Test
    void noPoliciesNeedNoWebhookForWorkloads() {
        assertThat(PolicyModes.of(List.of())).isEqualTo(new PolicyModes(false, false, false));
    }

    @Test
    void invalidPoliciesEnforceNothingSoNeedNoWebhook() {
        HardeningPolicy unknownCheck = policy(Mode.Enforce, AdmissionRemediation.Mutate);
        CheckOverride typo = new CheckOverride();
        typo.setId("run-as-nonroot");
        unknownCheck.getSpec().setChecks(List.of(typo));
        HardeningPolicy badGlob = policy(Mode.Warn, AdmissionRemediation.None);
        badGlob.getSpec().getMatch().setNamespaces(List.of("shop["));

        assertThat(PolicyModes.of(List.of(unknownCheck))).isEqualTo(new PolicyModes(false, false, false));
        assertThat(PolicyModes.of(List.of(unknownCheck, badGlob, policy(Mode.Audit, AdmissionRemediation.None))))
                .isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void enforcePolicyNeedsOnlyTheEnforcingWebhook() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Enforce, AdmissionRemediation.None))))
                .isEqualTo(new PolicyModes(true, false, false));
    }

    @Test
    void warnAndAuditPoliciesAreAdvisory() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Warn, AdmissionRemediation.None))))
                .isEqualTo(new PolicyModes(false, true, false));
        assertThat(PolicyModes.of(List.of(policy(Mode.Audit, AdmissionRemediation.None))))
                .isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void mutatingRemediationNeedsTheMutatingWebhookBesidesTheModesOne() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Enforce, AdmissionRemediation.Mutate))))
                .isEqualTo(new PolicyModes(true, false, true));
    }

    @Test
    void mixedPoliciesCombine() {
        assertThat(PolicyModes.of(List.of(
                policy(Mode.Enforce, AdmissionRemediation.None),
                policy(Mode.Audit, AdmissionRemediation.Mutate))))
                .isEqualTo(new PolicyModes(true, true, true));
    }

    @Test
    void unsetFieldsTakeTheCrdDefaultsAuditAndNoMutation() {
        HardeningPolicy withoutSpec = new HardeningPolicy();
        withoutSpec.setSpec(null);
        HardeningPolicy withNulls = policy(null, null);
        withNulls.getSpec().setRemediation(null);

        assertThat(PolicyModes.of(List.of(withoutSpec))).isEqualTo(new PolicyModes(false, true, false));
        assertThat(PolicyModes.of(List.of(withNulls))).isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void policiesBeingDeletedNoLongerCount() {
        HardeningPolicy deleted = policy(Mode.Enforce, AdmissionRemediation.Mutate);
        deleted.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(PolicyModes.of(List.of(deleted, policy(Mode.Warn, AdmissionRemediation.None))))
                .isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void eachFlagSaysWhetherItsWebhookIsNeeded() {
        PolicyModes enforceAndMutate = new PolicyModes(true, false, true);

        assertThat(enforceAndMutate.needs(WebhookKind.ENFORCE)).isTrue();
        assertThat(enforceAndMutate.needs(WebhookKind.ADVISORY)).isFalse();
        assertThat(enforceAndMutate.needs(WebhookKind.MUTATE)).isTrue();
        assertThat(enforceAndMutate.needs(WebhookKind.POLICIES)).isTrue();
        assertThat(new PolicyModes(false, false, false).needs(WebhookKind.POLICIES)).as("checks the first policy")
                .isTrue();
    }

    private static HardeningPolicy policy(Mode mode, AdmissionRemediation admission) {
        HardeningPolicy policy = new HardeningPolicy();
        policy.getMetadata().setName("policy");
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        spec.getRemediation().setAdmission(admission);
        policy.setSpec(spec);
        return policy;
    }
}
