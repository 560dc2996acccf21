package dev.shipshape.badinput;

import java.util.List;

/**
 * A JSON value put in the place of another, given by its kind and a size (a length, a depth, a count or an index
 * into a list of values) so that a failing input shrinks to a small one.
 */
record Snippet(Kind kind, int size) {

    enum Kind {
        ASCII_STRING, UNICODE_STRING, LONE_SURROGATES, DIGITS, NUMBER, WORD, TRUE, FALSE, NULL,
        EMPTY_ARRAY, EMPTY_OBJECT, NESTED_ARRAYS, NESTED_OBJECTS, NESTED_MIXED, WIDE_ARRAY, WIDE_OBJECT, CONTAINERS
    }

    /** Numbers at the edges of what parsers and the Kubernetes types accept. */
    static final List<String> NUMBERS = List.of("0", "-1", "1.5", "-0.0", "1e400", "-1e400", "1E-400",
            "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.1e-999999999", "1e999999999");

    /** Well-formed strings in the wrong place: other operations, kinds, versions, resources and odd values. */
    static final List<String> WORDS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT", "create", "PATCH", "",
            " ", "admission.k8s.io/v1", "admission.k8s.io/v1beta1", "v1", "apps/v1", "apps/v1beta2",
            "batch/v1beta1", "extensions/v1beta1", "AdmissionReview", "AdmissionResponse", "Deployment", "Pod",
            "CronJob", "PodTemplate", "ConfigMap", "NoSuchKind", "deployments", "pods", "cronjobs", "configmaps",
            "status", "scale", "ephemeralcontainers", "kube-system", "shipshape-system", "latest", "nginx:latest",
            "nginx@sha256:", "1Gi", "100m", "-1", "abc", "*", "true", "0x10", "../..", "a/b", "~1", "null",
            "Enforce", "privileged", "unconfined", "RuntimeDefault", "Localhost", "Unconfined", "ALL", "SYS_ADMIN");

    private static final String UNICODE = "é中😀\u0000\u001f\u2028\u2029\ufeff\ufffe\"\\/";

    /** The JSON text of this value. */
    String json() {
        return switch (kind) {
            case ASCII_STRING -> '"' + "x".repeat(size) + '"';
            case UNICODE_STRING -> quoted(unicode(size));
            case LONE_SURROGATES -> '"' + "\\ud800x\\udfff".repeat(Math.max(1, size)) + '"';
            case DIGITS -> "9".repeat(Math.max(1, size));
            case NUMBER -> NUMBERS.get(Math.floorMod(size, NUMBERS.size()));
            case WORD -> quoted(WORDS.get(Math.floorMod(size, WORDS.size())));
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            case EMPTY_ARRAY -> "[]";
            case EMPTY_OBJECT -> "{}";
            case NESTED_ARRAYS -> "[".repeat(size) + "]".repeat(size);
            case NESTED_OBJECTS -> "{\"a\":".repeat(size) + "{}" + "}".repeat(size);
            case NESTED_MIXED -> "[{\"a\":".repeat(size) + "1" + "}]".repeat(size);
            case WIDE_ARRAY -> repeated("0", size, '[', ']');
            case WIDE_OBJECT -> wideObject(size);
            case CONTAINERS -> containers(size);
        };
    }

    @Override
    public String toString() {
        return kind + "(" + size + ")";
    }

    private static String unicode(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(UNICODE.charAt(i % UNICODE.length()));
        }
        return text.toString();
    }

    static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String repeated(String item, int count, char open, char close) {
        StringBuilder json = new StringBuilder(count * (item.length() + 1) + 2).append(open);
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(item);
        }
        return json.append(close).toString();
    }

    private static String wideObject(int count) {
        StringBuilder json = new StringBuilder(count * 12 + 2).append('{');
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    /** Containers without any hardening: every check finds something in each. */
    private static String containers(int count) {
        StringBuilder json = new StringBuilder(count * 40 + 2).append('[');
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"image\":\"nginx\"}");
        }
        return json.append(']').toString();
    }
}
