package dev.shipshape.webhook.config;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.ProfileName;
import dev.shipshape.webhook.WebhookKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyModesTest {

    @Test
    void noPoliciesNeedNoWebhookForWorkloads() {
        assertThat(PolicyModes.of(List.of(), false)).isEqualTo(new PolicyModes(false, false, false));
    }

    @Test
    void invalidPoliciesEnforceNothingSoNeedNoWebhook() {
        HardeningPolicy unknownCheck = policy(Mode.Enforce, AdmissionRemediation.Mutate);
        CheckOverride typo = new CheckOverride();
        typo.setId("run-as-nonroot");
        unknownCheck.getSpec().setChecks(List.of(typo));
        HardeningPolicy badGlob = policy(Mode.Warn, AdmissionRemediation.None);
        badGlob.getSpec().getMatch().setNamespaces(List.of("shop["));

        assertThat(PolicyModes.of(List.of(unknownCheck), false)).isEqualTo(new PolicyModes(false, false, false));
        assertThat(PolicyModes.of(List.of(unknownCheck, badGlob, policy(Mode.Audit, AdmissionRemediation.None)), false))
                .isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void enforcePolicyNeedsOnlyTheEnforcingWebhook() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Enforce, AdmissionRemediation.None)), false))
                .isEqualTo(new PolicyModes(true, false, false));
    }

    @Test
    void warnAndAuditPoliciesAreAdvisory() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Warn, AdmissionRemediation.None)), false))
                .isEqualTo(new PolicyModes(false, true, false));
        assertThat(PolicyModes.of(List.of(policy(Mode.Audit, AdmissionRemediation.None)), false))
                .isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void mutatingRemediationNeedsTheMutatingWebhookBesidesTheModesOne() {
        assertThat(PolicyModes.of(List.of(policy(Mode.Enforce, AdmissionRemediation.Mutate)), false))
                .isEqualTo(new PolicyModes(true, false, true));
    }

    @Test
    void mixedPoliciesCombine() {
        assertThat(PolicyModes.of(List.of(
                policy(Mode.Enforce, AdmissionRemediation.None),
                policy(Mode.Audit, AdmissionRemediation.Mutate)), false))
                .isEqualTo(new PolicyModes(true, true, true));
    }

    @Test
    void unsetFieldsTakeTheCrdDefaultsAuditAndNoMutation() {
        HardeningPolicy withoutSpec = new HardeningPolicy();
        withoutSpec.setSpec(null);
        HardeningPolicy withNulls = policy(null, null);
        withNulls.getSpec().setRemediation(null);

        assertThat(PolicyModes.of(List.of(withoutSpec), false)).isEqualTo(new PolicyModes(false, true, false));
        assertThat(PolicyModes.of(List.of(withNulls), false)).isEqualTo(new PolicyModes(false, true, false));
    }

    @Test
    void policiesBeingDeletedNoLongerCount() {
        HardeningPolicy deleted = policy(Mode.Enforce, AdmissionRemediation.Mutate);
        deleted.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(PolicyModes.of(List.of(deleted, policy(Mode.Warn, AdmissionRemediation.None)), false))
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

    @ParameterizedTest(name = "{0} {1}, {2}, ValidatingAdmissionPolicy served: {3}")
    @CsvSource({
        // every restricted check is generated: no fail-closed webhook
        "restricted, Enforce, Auto, true, false, false",
        "restricted, Enforce, AdmissionPolicy, true, false, false",
        // hardened has checks only the webhook decides: it keeps them under Auto
        "hardened, Enforce, Auto, true, true, false",
        "hardened, Warn, Auto, true, false, true",
        // ... and leaves them to the audit under AdmissionPolicy
        "hardened, Enforce, AdmissionPolicy, true, false, false",
        // asked for the webhook, or nothing else served: the webhook decides everything
        "restricted, Enforce, Webhook, true, true, false",
        "restricted, Enforce, Auto, false, true, false",
        "restricted, Audit, AdmissionPolicy, false, false, true"})
    void generatedAdmissionPoliciesTakeOverTheValidatingWebhooks(ProfileName profile, Mode mode,
                                                                 Enforcement enforcement, boolean served,
                                                                 boolean enforceWebhook, boolean advisoryWebhook) {
        HardeningPolicy policy = policy(mode, AdmissionRemediation.None);
        policy.getSpec().setProfile(profile);
        policy.getSpec().setEnforcement(enforcement);

        assertThat(PolicyModes.of(List.of(policy), served))
                .isEqualTo(new PolicyModes(enforceWebhook, advisoryWebhook, false));
    }

    @Test
    void mutationStaysWithTheWebhookOnEveryPath() {
        HardeningPolicy policy = policy(Mode.Enforce, AdmissionRemediation.Mutate);
        policy.getSpec().setProfile(ProfileName.restricted);

        assertThat(PolicyModes.of(List.of(policy), true)).isEqualTo(new PolicyModes(false, false, true));
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
