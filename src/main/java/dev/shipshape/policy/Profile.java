package dev.shipshape.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cumulative check profiles: {@code baseline} and {@code restricted} decide as the Pod Security Standards
 * levels of the same names; {@code hardened} adds the production hardening checks.
 */
public enum Profile {
    BASELINE,
    RESTRICTED,
    HARDENED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a check introduced at {@code level} is part of this profile. */
    public boolean includes(Profile level) {
        return ordinal() >= level.ordinal();
    }

    public static Optional<Profile> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Profile profile : values()) {
            if (profile.id().equalsIgnoreCase(id.trim())) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
    }
}
