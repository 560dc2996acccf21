package dev.shipshape.audit;

/** Where a matched workload stands against one policy. */
public enum VerdictStatus {
    /** No findings. */
    COMPLIANT("compliant"),
    /** At least one violation. */
    VIOLATING("violating"),
    /** Findings, but exemptions cover all of them. */
    EXEMPT("exempt");

    private final String label;

    VerdictStatus(String label) {
        this.label = label;
    }

    /** The value of the {@code status} metrics label. */
    public String label() {
        return label;
    }
}
