package dev.shipshape.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently seen distinct values, each held once: the audit keeps the findings of every workload, and most of
 * their messages, container names, images, field paths and findings recur across workloads ("container \"app\" must
 * set resources.limits.memory"). Bounded, so values that do not recur cost nothing beyond their own finding.
 *
 * @param <T> an immutable value type with value equality
 */
final class HeldOnce<T> {

    private final Map<T, T> recent;

    HeldOnce(int capacity) {
        this.recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The held value equal to {@code value}, or {@code value} itself, now held; null stays null. */
    synchronized T share(T value) {
        if (value == null) {
            return null;
        }
        T held = recent.putIfAbsent(value, value);
        return held == null ? value : held;
    }
}
