package dev.shipshape.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently seen distinct texts, each held once: the audit keeps the findings of every workload, and most of
 * their messages, container names and images recur across workloads ("container \"app\" must set
 * resources.limits.memory"). Bounded, so texts that do not recur cost nothing beyond their own finding.
 */
final class SharedText {

    private final Map<String, String> recent;

    SharedText(int capacity) {
        this.recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The held text equal to {@code text}, or {@code text} itself, now held; null stays null. */
    synchronized String share(String text) {
        if (text == null) {
            return null;
        }
        String held = recent.putIfAbsent(text, text);
        return held == null ? text : held;
    }
}
