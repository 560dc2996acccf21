package dev.shipshape.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable path to a field of a manifest, such as {@code spec.template.spec.containers[0].securityContext}.
 * Rendered in kubectl's dotted form for people and as an RFC 6901 JSON pointer for patches.
 */
public final class FieldPath {

    public static final FieldPath ROOT = new FieldPath(null, null, -1);

    private final FieldPath parent;
    private final String key;
    private final int index;

    private FieldPath(FieldPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    public static FieldPath of(String... keys) {
        FieldPath path = ROOT;
        for (String key : keys) {
            path = path.field(key);
        }
        return path;
    }

    public FieldPath field(String name) {
        return new FieldPath(this, name, -1);
    }

    public FieldPath index(int position) {
        return new FieldPath(this, null, position);
    }

    /** This path followed by every segment of {@code relative}. */
    public FieldPath resolve(FieldPath relative) {
        FieldPath path = this;
        for (Object segment : relative.segments()) {
            path = segment instanceof Integer position ? path.index(position) : path.field((String) segment);
        }
        return path;
    }

    public boolean isRoot() {
        return parent == null;
    }

    public FieldPath parent() {
        return parent;
    }

    /** The segments from the root: {@link String} keys and {@link Integer} indexes. */
    public List<Object> segments() {
        List<Object> segments = new ArrayList<>();
        for (FieldPath path = this; !path.isRoot(); path = path.parent) {
            segments.add(path.key != null ? path.key : Integer.valueOf(path.index));
        }
        Collections.reverse(segments);
        return segments;
    }

    public String toJsonPointer() {
        StringBuilder pointer = new StringBuilder();
        for (Object segment : segments()) {
            pointer.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments()) {
            if (segment instanceof Integer position) {
                text.append('[').append(position).append(']');
            } else if (isPlainKey((String) segment)) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(segment);
            } else {
                text.append("['").append(segment).append("']");
            }
        }
        return text.toString();
    }

    private static boolean isPlainKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof FieldPath path)) {
            return false;
        }
        FieldPath mine = this;
        FieldPath theirs = path;
        while (mine != theirs) {
            if (mine.isRoot() || theirs.isRoot() || mine.index != theirs.index
                    || !Objects.equals(mine.key, theirs.key)) {
                return false;
            }
            mine = mine.parent;
            theirs = theirs.parent;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (FieldPath path = this; !path.isRoot(); path = path.parent) {
            hash = 31 * hash + (path.key != null ? path.key.hashCode() : path.index);
        }
        return hash;
    }
}
