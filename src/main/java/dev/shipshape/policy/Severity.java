package dev.shipshape.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How serious a finding is. Ordered from the most to the least serious. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    /** The lowercase name used in policies, reports and metrics labels. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is as serious as {@code threshold} or more. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    public static Optional<Severity> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Severity severity : values()) {
            if (severity.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(Severity::id).collect(Collectors.joining(", "));
    }
}
