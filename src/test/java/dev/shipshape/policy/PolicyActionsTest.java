package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import dev.shipshape.api.v1alpha1.SeverityName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyActionsTest {

    @ParameterizedTest(name = "{0}, denySeverity {1}, a {2} finding: {3}")
    @CsvSource({
            "Enforce, LOW,      LOW,      DENY",
            "Enforce, LOW,      CRITICAL, DENY",
            "Enforce, HIGH,     CRITICAL, DENY",
            "Enforce, HIGH,     HIGH,     DENY",
            "Enforce, HIGH,     MEDIUM,   WARN",
            "Enforce, CRITICAL, HIGH,     WARN",
            "Warn,    LOW,      CRITICAL, WARN",
            "Warn,    CRITICAL, LOW,      WARN",
            "Audit,   LOW,      CRITICAL, COUNT",
            "Audit,   HIGH,     LOW,      COUNT"})
    void admissionActsOnAFindingByModeAndDenySeverity(Mode mode, Severity denySeverity, Severity finding,
                                                      AdmissionAction action) {
        PolicyActions actions = new PolicyActions(mode, denySeverity, AdmissionRemediation.None,
                ExistingRemediation.None, Enforcement.Auto);

        assertThat(actions.atAdmission(finding)).isEqualTo(action);
    }

    @Test
    void aSpecWithoutValuesTakesTheCrdDefaults() {
        assertThat(PolicyActions.of(null)).isEqualTo(new PolicyActions(Mode.Audit, Severity.LOW,
                AdmissionRemediation.None, ExistingRemediation.None, Enforcement.Auto));
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(null);
        spec.setDenySeverity(null);
        spec.setRemediation(new RemediationSettings());
        spec.getRemediation().setAdmission(null);
        spec.getRemediation().setExisting(null);
        assertThat(PolicyActions.of(spec)).isEqualTo(PolicyActions.defaults());
    }

    @Test
    void aSpecsOwnValuesAreKept() {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(Mode.Enforce);
        spec.setDenySeverity(SeverityName.high);
        RemediationSettings remediation = new RemediationSettings();
        remediation.setAdmission(AdmissionRemediation.Mutate);
        remediation.setExisting(ExistingRemediation.DryRun);
        spec.setRemediation(remediation);

        assertThat(PolicyActions.of(spec)).isEqualTo(new PolicyActions(Mode.Enforce, Severity.HIGH,
                AdmissionRemediation.Mutate, ExistingRemediation.DryRun, Enforcement.Auto));
    }
}
