package dev.shipshape.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an exemption stands at an instant: active, expiring (it expires within {@link #FIRST_WARNING}) or expired,
 * which warning is due, and the next instant at which any of that changes for a policy's exemptions. Pure.
 */
public final class ExemptionExpiry {

    /** How long before its expiry an exemption counts as expiring, and its first warning is due. */
    public static final Duration FIRST_WARNING = Duration.ofDays(7);
    /** How long before its expiry the last warning is due. */
    public static final Duration LAST_WARNING = Duration.ofDays(1);

    /** An exemption's standing. */
    public enum State {
        ACTIVE, EXPIRING, EXPIRED;

        /** The metric label and status value: {@code active}, {@code expiring}, {@code expired}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ExemptionExpiry() {
    }

    public static State state(Exemption exemption, Instant now) {
        if (exemption.expires() == null) {
            return State.ACTIVE;
        }
        if (exemption.expiredAt(now)) {
            return State.EXPIRED;
        }
        return now.isBefore(exemption.expires().minus(FIRST_WARNING)) ? State.ACTIVE : State.EXPIRING;
    }

    /**
     * The warning due at {@code now}: {@link #LAST_WARNING} within a day of the expiry, {@link #FIRST_WARNING}
     * within a week of it, none before that or once it has expired.
     */
    public static Optional<Duration> warningDue(Exemption exemption, Instant now) {
        if (state(exemption, now) != State.EXPIRING) {
            return Optional.empty();
        }
        return Optional.of(now.isBefore(exemption.expires().minus(LAST_WARNING)) ? FIRST_WARNING : LAST_WARNING);
    }

    /** The first instant after {@code now} at which some exemption's state or due warning changes. */
    public static Optional<Instant> nextChange(Exemptions exemptions, Instant now) {
        Instant next = null;
        for (Exemption exemption : exemptions.all()) {
            if (exemption.expires() == null) {
                continue;
            }
            for (Duration before : new Duration[] {FIRST_WARNING, LAST_WARNING, Duration.ZERO}) {
                Instant change = exemption.expires().minus(before);
                if (change.isAfter(now) && (next == null || change.isBefore(next))) {
                    next = change;
                }
            }
        }
        return Optional.ofNullable(next);
    }
}
