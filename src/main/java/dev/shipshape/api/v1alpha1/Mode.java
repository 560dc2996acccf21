package dev.shipshape.api.v1alpha1;

/** What a policy does with the violations it finds at admission. */
public enum Mode {
    /** Deny workloads with violations at or above {@code denySeverity}; the rest become warnings. */
    Enforce,
    /** Admit every workload and return its violations as admission warnings. */
    Warn,
    /** Admit every workload silently; violations appear only in status, reports and metrics. */
    Audit
}
