package dev.shipshape.webhook;

import java.util.Locale;

/** What a review decided; the {@code decision} label of {@code shipshape_admission_reviews_total}. */
public enum Decision {
    /** Not reviewed: another operation, a subresource, a kind without pods or an excluded namespace. */
    SKIPPED,
    /** Reviewed and nothing to report. */
    ALLOWED,
    /** Allowed with warnings for the client. */
    WARNED,
    /** Allowed; only Audit-mode policies found violations. */
    AUDITED,
    /** Rejected by an Enforce-mode policy. */
    DENIED,
    /** Allowed with a JSON patch filling in missing fields. */
    PATCHED,
    /** The review could not be read; answered with HTTP 400. */
    INVALID;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
