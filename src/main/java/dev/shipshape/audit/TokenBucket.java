package dev.shipshape.audit;

import java.util.function.LongSupplier;

/**
 * A token bucket rate limiter: holds up to {@code burst} permits, starts full and refills at
 * {@code permitsPerSecond}. Never waits: {@link #tryAcquire()} answers at once. Thread-safe.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double permitsPerSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private double permits;
    private long refilledAt;

    /**
     * @param permitsPerSecond the steady rate, above zero
     * @param burst how many permits it holds, at least one
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    public TokenBucket(double permitsPerSecond, int burst, LongSupplier nanoClock) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be a positive number, not " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.permits = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes one permit if there is one. */
    public synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        permits = Math.min(burst, permits + (now - refilledAt) * permitsPerSecond / NANOS_PER_SECOND);
        refilledAt = now;
        if (permits < 1) {
            return false;
        }
        permits--;
        return true;
    }
}
