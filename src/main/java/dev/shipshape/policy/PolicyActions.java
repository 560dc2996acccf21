package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;

/**
 * What a policy does with its findings: the one reading of {@code spec.mode}, {@code spec.denySeverity},
 * {@code spec.remediation} and {@code spec.enforcement}, with every default applied here and nowhere else. Needs no valid spec otherwise, so an
 * invalid policy still tells which webhooks it asks for.
 *
 * @param mode what happens at admission: Enforce denies, Warn warns, Audit only counts
 * @param denySeverity in Enforce mode, findings at or above this severity deny
 * @param admission whether admission fills in missing fields
 * @param existing whether existing workloads are patched (or, with DryRun, listed)
 * @param enforcement which part of the cluster decides the checks at admission
 */
public record PolicyActions(Mode mode, Severity denySeverity, AdmissionRemediation admission,
                            ExistingRemediation existing, Enforcement enforcement) {

    private static final HardeningPolicySpec DEFAULTS = new HardeningPolicySpec();

    /** A spec's actions; a null spec or field takes the CRD's default. */
    public static PolicyActions of(HardeningPolicySpec spec) {
        HardeningPolicySpec source = spec == null ? DEFAULTS : spec;
        Mode mode = source.getMode() == null ? DEFAULTS.getMode() : source.getMode();
        Severity denySeverity = Severity.find((source.getDenySeverity() == null ? DEFAULTS.getDenySeverity()
                : source.getDenySeverity()).name()).orElseThrow();
        RemediationSettings remediation = source.getRemediation() == null ? DEFAULTS.getRemediation()
                : source.getRemediation();
        AdmissionRemediation admission = remediation.getAdmission() == null
                ? DEFAULTS.getRemediation().getAdmission() : remediation.getAdmission();
        ExistingRemediation existing = remediation.getExisting() == null
                ? DEFAULTS.getRemediation().getExisting() : remediation.getExisting();
        Enforcement enforcement = source.getEnforcement() == null ? DEFAULTS.getEnforcement()
                : source.getEnforcement();
        return new PolicyActions(mode, denySeverity, admission, existing, enforcement);
    }

    /** What admission does with a finding of this severity; the one place the mode is decided on. */
    public AdmissionAction atAdmission(Severity severity) {
        return switch (mode) {
            case Enforce -> severity.atLeast(denySeverity) ? AdmissionAction.DENY : AdmissionAction.WARN;
            case Warn -> AdmissionAction.WARN;
            case Audit -> AdmissionAction.COUNT;
        };
    }

    /** The defaults: Audit, deny from low, no remediation. */
    public static PolicyActions defaults() {
        return of(DEFAULTS);
    }
}
