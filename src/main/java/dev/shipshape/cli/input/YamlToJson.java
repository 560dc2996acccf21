package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a composed YAML document into a JSON tree, recording the position of every node. Aliases are
 * expanded, with bounds on what they add and how deep they nest, so that an alias bomb or a self-referencing
 * alias fails cleanly.
 */
final class YamlToJson {

    /** Most JSON nodes one document may expand to. */
    static final int MAX_NODES = 1_000_000;
    /** Most nodes aliases may add to a document: plenty for shared snippets, far too few for an alias bomb. */
    static final int MAX_ALIAS_NODES = 10_000;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final SourceMap sourceMap = new SourceMap();
    private final int lineOffset;
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int converted;
    private int depth;
    /** Above 0 while converting a collection met before: the expansion of an alias. */
    private int aliasDepth;
    private int aliasNodes;

    /**
     * @param lineOffset lines of the file before the text the document was composed from
     */
    private YamlToJson(int lineOffset) {
        this.lineOffset = lineOffset;
    }

    /** The result of converting a document: its JSON tree and where each node came from. */
    record Converted(JsonNode tree, SourceMap sourceMap) {
    }

    /** A node that cannot be converted; carries the node's position. */
    static final class ConversionException extends Exception {
        private final int line;
        private final int column;

        ConversionException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    static Converted convert(Node root, int lineOffset) throws ConversionException {
        YamlToJson converter = new YamlToJson(lineOffset);
        JsonNode tree = converter.convert(root, "");
        return new Converted(tree, converter.sourceMap);
    }

    private JsonNode convert(Node node, String pointer) throws ConversionException {
        if (++converted > MAX_NODES) {
            throw error(node, "document expands to more than " + MAX_NODES
                    + " nodes (YAML aliases nested too deeply?); refusing to read it");
        }
        if (aliasDepth > 0 && ++aliasNodes > MAX_ALIAS_NODES) {
            throw error(node, "document expands to more than " + MAX_ALIAS_NODES
                    + " nodes through YAML aliases; refusing to read it");
        }
        record(pointer, node.getStartMark());
        if (!(node instanceof MappingNode) && !(node instanceof SequenceNode)) {
            try {
                return YamlScalars.toJson((ScalarNode) node);
            } catch (IllegalArgumentException e) {
                throw error(node, e.getMessage());
            }
        }
        // An alias is the node it refers to: a collection met again is an alias, one met inside itself a loop.
        if (!open.add(node)) {
            throw error(node, "a YAML alias refers to a node that contains it; refusing to read a recursive document");
        }
        boolean alias = !visited.add(node);
        depth++;
        if (alias) {
            aliasDepth++;
        }
        try {
            if (depth > YamlManifestReader.MAX_NESTING_DEPTH) {
                throw error(node, "nested more than " + YamlManifestReader.MAX_NESTING_DEPTH
                        + " levels through YAML aliases; refusing to read it");
            }
            return node instanceof MappingNode mapping
                    ? mapping(mapping, pointer) : sequence((SequenceNode) node, pointer);
        } finally {
            open.remove(node);
            depth--;
            if (alias) {
                aliasDepth--;
            }
        }
    }

    private ArrayNode sequence(SequenceNode sequence, String pointer) throws ConversionException {
        ArrayNode array = nodes.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            array.add(convert(items.get(i), pointer + "/" + i));
        }
        return array;
    }

    private ObjectNode mapping(MappingNode mapping, String pointer) throws ConversionException {
        ObjectNode object = nodes.objectNode();
        Map<String, Node> keys = new HashMap<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), "mapping keys must be strings, not lists or maps");
            }
            if (YamlScalars.isMergeKey(key)) {
                merged.addAll(mergeSources(tuple.getValueNode()));
                continue;
            }
            Node previous = keys.putIfAbsent(key.getValue(), key);
            if (previous != null) {
                throw error(key, "duplicate key \"" + key.getValue() + "\" (first defined on line "
                        + (previous.getStartMark().getLine() + 1 + lineOffset) + ")");
            }
            String childPointer = pointer + "/" + escape(key.getValue());
            record(childPointer, key.getStartMark());
            object.set(key.getValue(), convert(tuple.getValueNode(), childPointer));
        }
        for (MappingNode source : merged) {
            for (NodeTuple tuple : source.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !YamlScalars.isMergeKey(key)
                        && !object.has(key.getValue())) {
                    String childPointer = pointer + "/" + escape(key.getValue());
                    record(childPointer, key.getStartMark());
                    object.set(key.getValue(), convert(tuple.getValueNode(), childPointer));
                }
            }
        }
        return object;
    }

    private List<MappingNode> mergeSources(Node value) throws ConversionException {
        if (value instanceof MappingNode source) {
            return List.of(source);
        }
        if (value instanceof SequenceNode sequence) {
            List<MappingNode> sources = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (!(item instanceof MappingNode source)) {
                    throw error(item, "a merge key (<<) takes a map or a list of maps");
                }
                sources.add(source);
            }
            return sources;
        }
        throw error(value, "a merge key (<<) takes a map or a list of maps");
    }

    private void record(String pointer, Mark mark) {
        sourceMap.put(pointer, mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }

    private ConversionException error(Node node, String message) {
        Mark mark = node.getStartMark();
        return new ConversionException(mark.getLine() + 1 + lineOffset, mark.getColumn() + 1, message);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
