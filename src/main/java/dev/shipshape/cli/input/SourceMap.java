package dev.shipshape.cli.input;

import dev.shipshape.policy.FieldPath;

import java.util.HashMap;
import java.util.Map;

/**
 * Where every node of a parsed document sits in its file, keyed by JSON pointer. A mapping entry is located at
 * its key, a list item at its first character.
 */
public final class SourceMap {

    private final Map<String, SourcePosition> positions = new HashMap<>();

    /** A map of the given positions, for documents that are not read from YAML or JSON (a Dockerfile's tree). */
    public static SourceMap of(Map<FieldPath, Integer> lines) {
        SourceMap map = new SourceMap();
        lines.forEach((path, line) -> map.put(path.toJsonPointer(), line, 1));
        return map;
    }

    void put(String pointer, int line, int column) {
        positions.putIfAbsent(pointer, new SourcePosition(line, column));
    }

    /** The position of {@code path}, or of its nearest ancestor that exists in the document. */
    public SourcePosition locate(FieldPath path) {
        for (FieldPath candidate = path; candidate != null; candidate = candidate.parent()) {
            SourcePosition position = positions.get(candidate.toJsonPointer());
            if (position != null) {
                return position;
            }
        }
        return new SourcePosition(1, 1);
    }

    /** The line of {@code path}, or of its nearest ancestor that exists in the document. */
    public int line(FieldPath path) {
        return locate(path).line();
    }
}
