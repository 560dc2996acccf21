package dev.shipshape.policy;

/** What admission does with one finding of a policy: the policy's mode and denySeverity, applied. */
public enum AdmissionAction {
    /** Refuse the object (Enforce, at or above denySeverity). */
    DENY,
    /** Admit it with a warning (Warn, or Enforce below denySeverity). */
    WARN,
    /** Admit it silently and count the finding (Audit). */
    COUNT
}
