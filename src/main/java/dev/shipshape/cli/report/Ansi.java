package dev.shipshape.cli.report;

import dev.shipshape.policy.Severity;

/** Terminal colors, or plain text when they are off. */
public final class Ansi {

    private static final String RESET = "\u001B[0m";

    private final boolean enabled;

    public Ansi(boolean enabled) {
        this.enabled = enabled;
    }

    String bold(String text) {
        return style("1", text);
    }

    String dim(String text) {
        return style("2", text);
    }

    String green(String text) {
        return style("32", text);
    }

    String yellow(String text) {
        return style("33", text);
    }

    String severity(Severity severity, String text) {
        return switch (severity) {
            case CRITICAL -> style("1;31", text);
            case HIGH -> style("31", text);
            case MEDIUM -> style("33", text);
            case LOW -> style("36", text);
        };
    }

    private String style(String code, String text) {
        return enabled ? "\u001B[" + code + "m" + text + RESET : text;
    }
}
