package dev.shipshape.badinput;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the field path an error message starts with ({@code request.object.spec.containers[0].image},
 * {@code spec.match.objectSelector.matchLabels['bad key']}) and looks it up in the document, so a test can tell that
 * a message points at a field that is really there.
 */
final class FieldPaths {

    private FieldPaths() {
    }

    /** The path at the start of {@code message}: segments are field names (String) and list indexes (Integer). */
    static Optional<List<Object>> leading(String message) {
        List<Object> segments = new ArrayList<>();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (message.startsWith("['", i)) {
                int end = message.indexOf("']", i + 2);
                if (end < 0) {
                    return Optional.empty();
                }
                segments.add(message.substring(i + 2, end));
                i = end + 2;
            } else if (c == '[') {
                int end = message.indexOf(']', i);
                if (end < 0 || !message.substring(i + 1, end).matches("\\d{1,9}")) {
                    return Optional.empty();
                }
                segments.add(Integer.parseInt(message.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '.' && !segments.isEmpty()) {
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                int end = i;
                while (end < message.length() && (Character.isLetterOrDigit(message.charAt(end))
                        || message.charAt(end) == '_' || message.charAt(end) == '-')) {
                    end++;
                }
                segments.add(message.substring(i, end));
                i = end;
            } else {
                break;
            }
        }
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments);
    }

    /** The node at {@code path} in {@code root}, or null. */
    static JsonNode resolve(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object segment : path) {
            if (node == null) {
                return null;
            }
            node = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
        }
        return node;
    }

    /** Whether the node at {@code path} exists, or, for a missing field, the object that should hold it. */
    static boolean existsOrParentDoes(JsonNode root, List<Object> path) {
        if (resolve(root, path) != null) {
            return true;
        }
        JsonNode parent = resolve(root, path.subList(0, path.size() - 1));
        return parent != null && (parent.isObject() || parent.isArray());
    }

    static String format(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer) {
                text.append('[').append(segment).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(segment);
            }
        }
        return text.toString();
    }
}
