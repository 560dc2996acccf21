package dev.shipshape.badinput;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

/**
 * What one input did to the code under test.
 *
 * @param violations broken promises (a 500, an exception, a hang, a message without a location, ...); empty is good
 * @param outcome short description of the answer, e.g. {@code 400} or {@code exit 2}
 * @param inputBytes the input's size
 * @param allocatedBytes bytes allocated while processing it, -1 when unknown
 * @param elapsed how long it took
 */
record Verdict(List<String> violations, String outcome, int inputBytes, long allocatedBytes, Duration elapsed) {

    Verdict {
        violations = List.copyOf(violations);
    }

    boolean ok() {
        return violations.isEmpty();
    }

    /** The violations, one per line, for an assertion message or a fuzz report. */
    String describe() {
        return String.join("\n", violations);
    }

    static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString().lines().limit(25).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** The text, cut after 300 characters, with control characters escaped so that it prints on one line. */
    static String abbreviate(String text) {
        String cut = text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
        StringBuilder printable = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                printable.append(String.format("\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.toString();
    }
}
