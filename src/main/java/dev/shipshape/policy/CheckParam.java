package dev.shipshape.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parameter a policy may set for a check, with its default and how its values are validated.
 *
 * @param name the key under {@code spec.checks[].params}
 * @param description one sentence for the docs
 * @param defaultValue used when the policy does not set the parameter
 * @param validator returns an error text for a bad value, or empty for a good one
 */
public record CheckParam(String name, String description, String defaultValue,
                         Function<String, Optional<String>> validator) {

    public Optional<String> validate(String value) {
        return validator.apply(value);
    }

    public static CheckParam bool(String name, String description, boolean defaultValue) {
        return new CheckParam(name, description, Boolean.toString(defaultValue),
                value -> "true".equals(value) || "false".equals(value)
                        ? Optional.empty()
                        : Optional.of("must be \"true\" or \"false\", got \"" + value + "\""));
    }

    public static CheckParam oneOf(String name, String description, String defaultValue, List<String> allowed) {
        return new CheckParam(name, description, defaultValue,
                value -> allowed.contains(value)
                        ? Optional.empty()
                        : Optional.of("must be one of " + String.join(", ", allowed) + ", got \"" + value + "\""));
    }

    /** A comma-separated list whose items all come from {@code allowed}, at least one. */
    public static CheckParam subsetOf(String name, String description, String defaultValue, List<String> allowed) {
        return new CheckParam(name, description, defaultValue, value -> {
            List<String> items = CheckParams.splitList(value);
            if (items.isEmpty()) {
                return Optional.of("must list at least one of " + String.join(", ", allowed));
            }
            return items.stream().filter(item -> !allowed.contains(item)).findFirst()
                    .map(item -> "unknown item \"" + item + "\"; allowed: " + String.join(", ", allowed));
        });
    }

    public static CheckParam regex(String name, String description, String defaultValue) {
        return new CheckParam(name, description, defaultValue, value -> {
            try {
                java.util.regex.Pattern.compile(value);
                return Optional.empty();
            } catch (java.util.regex.PatternSyntaxException e) {
                return Optional.of("not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
        });
    }
}
