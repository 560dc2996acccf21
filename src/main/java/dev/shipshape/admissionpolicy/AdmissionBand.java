package dev.shipshape.admissionpolicy;

import dev.shipshape.policy.AdmissionAction;

/**
 * What the API server does with a generated policy's failing validations; a binding has one action, so the checks of a
 * HardeningPolicy are split by the action its mode and denySeverity give their severity.
 */
public enum AdmissionBand {
    DENY("deny", "Deny"),
    WARN("warn", "Warn"),
    AUDIT("audit", "Audit");

    private final String suffix;
    private final String validationAction;

    AdmissionBand(String suffix, String validationAction) {
        this.suffix = suffix;
        this.validationAction = validationAction;
    }

    /** The band of findings that admission treats with {@code action}. */
    public static AdmissionBand of(AdmissionAction action) {
        return switch (action) {
            case DENY -> DENY;
            case WARN -> WARN;
            case COUNT -> AUDIT;
        };
    }

    /** Ends the names of the band's policy and binding. */
    public String suffix() {
        return suffix;
    }

    /** The binding's {@code validationActions} entry. */
    public String validationAction() {
        return validationAction;
    }
}
