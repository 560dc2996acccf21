package dev.shipshape.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces the audit's writes of each policy: after a pass that wrote the policy's status or reports, the next
 * writing pass waits until the interval has passed, and whatever changed meanwhile is written by that one pass.
 */
final class WriteSpacing {

    private final Duration interval;
    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

    WriteSpacing(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("shipshape.audit.write-interval must not be negative: " + interval);
        }
        this.interval = interval;
    }

    /** How long a pass for the policy must still wait at {@code now}; empty when it may write. */
    Optional<Duration> holdOff(String policy, Instant now) {
        Instant last = lastWrite.get(policy);
        if (last == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, last.plus(interval));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Records that a pass for the policy wrote at {@code now}. */
    void wrote(String policy, Instant now) {
        lastWrite.put(policy, now);
    }

    void forget(String policy) {
        lastWrite.remove(policy);
    }
}
