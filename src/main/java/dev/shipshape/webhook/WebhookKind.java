package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Mode;

/** The three admission webhooks the operator serves, each for its own subset of policies. */
public enum WebhookKind {
    /** Enforce-mode policies; failurePolicy Fail. */
    ENFORCE("enforce", "/validate/enforce"),
    /** Warn- and Audit-mode policies; failurePolicy Ignore, so an outage never blocks. */
    ADVISORY("advisory", "/validate/advisory"),
    /** Policies with {@code remediation.admission: Mutate}. */
    MUTATE("mutate", "/mutate");

    private final String label;
    private final String path;

    WebhookKind(String label, String path) {
        this.label = label;
        this.path = path;
    }

    /** The value of the {@code webhook} metrics label. */
    public String label() {
        return label;
    }

    public String path() {
        return path;
    }

    /** Whether a policy with this mode and admission remediation is served by this webhook. */
    public boolean serves(Mode mode, AdmissionRemediation admission) {
        return switch (this) {
            case ENFORCE -> mode == Mode.Enforce;
            case ADVISORY -> mode != Mode.Enforce;
            case MUTATE -> admission == AdmissionRemediation.Mutate;
        };
    }
}
