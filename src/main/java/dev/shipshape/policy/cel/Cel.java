package dev.shipshape.policy.cel;

import dev.shipshape.policy.FieldPath;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds CEL text for the subset that Kubernetes 1.30 evaluates in ValidatingAdmissionPolicies: field access guarded
 * by {@code has()} (an absent field is an error in CEL), string literals, lists and globs as RE2 expressions. In the
 * text of a {@link CelRule}, placeholders such as {@value #SPEC} (the pod spec) and {@value #METADATA} (the pod
 * metadata) stand for parts of the workload; the generator replaces them with the object's or the old object's.
 */
public final class Cel {

    /** Placeholder for the pod spec in a rule's text. */
    public static final String SPEC = "$spec";
    /** Placeholder for the pod metadata in a rule's text. */
    public static final String METADATA = "$meta";
    /** Placeholder for every container of the pod: init, regular and ephemeral. */
    public static final String CONTAINERS = "$containers";
    /** Placeholder for the workload's kind, e.g. {@code Pod}. */
    public static final String KIND = "$kind";
    /** Placeholder for true when the workload's pods run to completion (Job, CronJob). */
    public static final String BATCH = "$batch";
    /** The variable a container predicate is written over. */
    public static final String CONTAINER = "c";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Cel() {
    }

    /** {@code has(root.a) && has(root.a.b)}: true when every field of {@code path} below {@code root} is set. */
    public static String has(String root, FieldPath path) {
        StringBuilder text = new StringBuilder();
        String at = root;
        for (Object segment : path.segments()) {
            if (!text.isEmpty()) {
                text.append(" && ");
            }
            if (segment instanceof String name && IDENTIFIER.matcher(name).matches()) {
                text.append("has(").append(select(at, segment)).append(')');
            } else if (segment instanceof String name) {
                text.append(quote(name)).append(" in ").append(at);
            } else {
                text.append("size(").append(at).append(") > ").append(segment);
            }
            at = select(at, segment);
        }
        return text.toString();
    }

    /** {@code root.a.b}; only meaningful where {@link #has} holds. */
    public static String at(String root, FieldPath path) {
        String at = root;
        for (Object segment : path.segments()) {
            at = select(at, segment);
        }
        return at;
    }

    /** {@code condition(value)} when every field of {@code path} is set, false otherwise. */
    public static String whenSet(String root, FieldPath path, Function<String, String> condition) {
        return "(" + has(root, path) + " && " + condition.apply(at(root, path)) + ")";
    }

    /** True when the boolean at {@code path} is set to true. */
    public static String isTrue(String root, FieldPath path) {
        return whenSet(root, path, value -> value + " == true");
    }

    /** Negation of a boolean expression. */
    public static String not(String expression) {
        return "!(" + expression + ")";
    }

    /** A disjunction, parenthesised. */
    public static String anyOf(String... expressions) {
        return "(" + String.join(" || ", expressions) + ")";
    }

    /** A conjunction, parenthesised. */
    public static String allOf(String... expressions) {
        return "(" + String.join(" && ", expressions) + ")";
    }

    /** A CEL string literal. */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '\'' -> quoted.append("\\'");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\x%02x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('\'').toString();
    }

    /** A CEL list of string literals, sorted so that generated text is stable. */
    public static String list(Collection<String> values) {
        List<String> quoted = new TreeSet<>(values).stream().map(Cel::quote).toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /**
     * An RE2 expression matching exactly the strings {@code glob} matches ({@code *} any run of characters, {@code ?}
     * one character), anchored.
     */
    public static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                regex.append("(?s:.*)");
            } else if (c == '?') {
                regex.append("(?s:.)");
            } else if ("\\.+()[]{}^$|".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }

    /** True when {@code value} (a string expression) matches one of {@code globs}; callers handle an empty list. */
    public static String matchesAnyGlob(String value, Collection<String> globs) {
        if (globs.contains("*")) {
            return "true";
        }
        List<String> tests = new TreeSet<>(globs).stream()
                .map(glob -> glob.indexOf('*') < 0 && glob.indexOf('?') < 0 ? value + " == " + quote(glob)
                        : value + ".matches(" + quote(globRegex(glob)) + ")")
                .toList();
        return tests.size() == 1 ? tests.get(0) : "(" + String.join(" || ", tests) + ")";
    }

    private static String select(String at, Object segment) {
        if (segment instanceof Integer index) {
            return at + "[" + index + "]";
        }
        String name = (String) segment;
        return IDENTIFIER.matcher(name).matches() ? at + "." + name : at + "[" + quote(name) + "]";
    }
}
