package dev.shipshape.cli.fix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.input.TextLines;
import dev.shipshape.cli.input.YamlScalars;
import dev.shipshape.policy.JsonPatchOperation;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The patch of one document of a {@link YamlPatcher}'s text: its node tree, the nodes the operations created and
 * those they replaced, and the text edits that add the created ones.
 */
final class DocumentPatch {

    private final String text;
    private final TextLines lines;
    private final String lineBreak;
    private final List<TextEdit> edits;
    private final int lineOffset;
    private final Set<Node> created = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Node> replacedBy = new IdentityHashMap<>();
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final YamlLayout layout;

    /** Collects into {@code edits} the edits of {@code text} for the document starting at line {@code lineOffset}. */
    DocumentPatch(String text, TextLines lines, String lineBreak, List<TextEdit> edits, int lineOffset,
                  YamlLayout layout) {
        this.text = text;
        this.lines = lines;
        this.lineBreak = lineBreak;
        this.edits = edits;
        this.lineOffset = lineOffset;
        this.layout = layout;
    }

    void apply(Node root, JsonPatchOperation operation) {
        List<Object> segments = operation.path().segments();
        Node parent = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            boolean listExpected = segments.get(i + 1) instanceof Integer;
            parent = child(parent, segments.get(i), listExpected);
        }
        put(parent, segments.get(segments.size() - 1), toNode(operation.value()));
    }

    private Node child(Node parent, Object segment, boolean listExpected) {
        Node existing = get(parent, segment);
        if (existing != null && !isNull(existing)) {
            return existing;
        }
        Node collection = listExpected
                ? new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK)
                : new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        put(parent, segment, collection);
        return collection;
    }

    private Node get(Node parent, Object segment) {
        if (parent instanceof MappingNode mapping && segment instanceof String key) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
                    return tuple.getValueNode();
                }
            }
            return merged(mapping, key);
        }
        if (parent instanceof SequenceNode sequence && segment instanceof Integer index) {
            return index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
        }
        throw new IllegalStateException("cannot apply a patch at \"" + segment + "\" of a " + parent.getNodeId());
    }

    /**
     * The value of {@code key} in a map merged into {@code mapping} with {@code <<}, or null. Merges are
     * shallow, so a field added under it must go into that map, shared with every other map that merges it.
     */
    private Node merged(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && YamlScalars.isMergeKey(scalar)) {
                List<Node> sources = tuple.getValueNode() instanceof SequenceNode list
                        ? list.getValue() : List.of(tuple.getValueNode());
                for (Node source : sources) {
                    Node value = source instanceof MappingNode sourceMapping ? get(sourceMapping, key) : null;
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private void put(Node parent, Object segment, Node value) {
        created.add(value);
        if (parent instanceof MappingNode mapping && segment instanceof String key) {
            List<NodeTuple> tuples = mapping.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                if (tuples.get(i).getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
                    replacedBy.put(value, original(tuples.get(i).getValueNode()));
                    tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                    return;
                }
            }
            ScalarNode keyNode = scalar(Tag.STR, key);
            created.add(keyNode);
            tuples.add(new NodeTuple(keyNode, value));
        } else if (parent instanceof SequenceNode sequence && segment instanceof Integer index) {
            List<Node> items = sequence.getValue();
            if (index >= items.size()) {
                items.add(value);
            } else {
                items.add(index, value);
            }
        } else {
            throw new IllegalStateException("cannot apply a patch at \"" + segment + "\" of a "
                    + parent.getNodeId());
        }
    }

    private Node original(Node node) {
        return replacedBy.getOrDefault(node, node);
    }

    /**
     * Records the text edits for the nodes created under {@code node}, an original node. A node reached
     * again through an alias is edited once, where it is defined.
     */
    void collectEdits(Node node, int depth) {
        if (!visited.add(node)) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> appended = new ArrayList<>();
            NodeTuple lastOriginal = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (created.contains(tuple.getKeyNode())) {
                    appended.add(tuple);
                    continue;
                }
                lastOriginal = tuple;
                Node value = tuple.getValueNode();
                Node replaced = replacedBy.get(value);
                if (replaced != null) {
                    replaceEntry(mapping, tuple, isFlow(mapping) ? end(replaced) : lastLeafEnd(replaced), depth);
                } else if (!isFlow(mapping) && value instanceof CollectionNode<?> collection
                        && isFlow(collection) && onlyCreatedChildren(collection)) {
                    // "volumes: []" that gains items becomes a block list, as if it had been written so
                    int end = end(collection);
                    collection.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
                    replaceEntry(mapping, tuple, end, depth);
                } else {
                    collectEdits(value, depth + 1);
                }
            }
            if (!appended.isEmpty()) {
                appendEntries(mapping, lastOriginal, appended, depth);
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> run = new ArrayList<>();
            Node lastOriginal = null;
            for (Node item : sequence.getValue()) {
                if (created.contains(item) && !replacedBy.containsKey(item)) {
                    run.add(item);
                    continue;
                }
                if (!run.isEmpty()) {
                    insertItemsBefore(sequence, original(item), run, depth);
                    run = new ArrayList<>();
                }
                lastOriginal = original(item);
                Node replaced = replacedBy.get(item);
                if (replaced != null) {
                    edits.add(new TextEdit(start(replaced), end(replaced), depth, flow(item)));
                } else {
                    collectEdits(item, depth + 1);
                }
            }
            if (!run.isEmpty()) {
                appendItems(sequence, lastOriginal, run, depth);
            }
        }
    }

    private void appendEntries(MappingNode mapping, NodeTuple lastOriginal, List<NodeTuple> appended, int depth) {
        if (isFlow(mapping)) {
            List<String> entries = new ArrayList<>();
            for (NodeTuple tuple : appended) {
                entries.add(flowEntry(tuple));
            }
            String joined = String.join(", ", entries);
            if (lastOriginal == null) {
                edits.add(new TextEdit(start(mapping) + 1, start(mapping) + 1, depth, joined));
            } else {
                int at = end(original(lastOriginal.getValueNode()));
                edits.add(new TextEdit(at, at, depth, ", " + joined));
            }
            return;
        }
        int column = column(mapping.getValue().get(0).getKeyNode());
        String block = block(new MappingNode(Tag.MAP, appended, DumperOptions.FlowStyle.BLOCK));
        insertLines(lastLeafEnd(mapping), indent(block, column), depth);
    }

    private void appendItems(SequenceNode sequence, Node lastOriginal, List<Node> items, int depth) {
        if (isFlow(sequence)) {
            String joined = String.join(", ", items.stream().map(this::flow).toList());
            if (lastOriginal == null) {
                edits.add(new TextEdit(start(sequence) + 1, start(sequence) + 1, depth, joined));
            } else {
                int at = end(lastOriginal);
                edits.add(new TextEdit(at, at, depth, ", " + joined));
            }
            return;
        }
        String block = items(items);
        insertLines(lastLeafEnd(sequence), indent(block, column(sequence)), depth);
    }

    private void insertItemsBefore(SequenceNode sequence, Node before, List<Node> items, int depth) {
        if (isFlow(sequence)) {
            String joined = String.join(", ", items.stream().map(this::flow).toList());
            edits.add(new TextEdit(start(before), start(before), depth, joined + ", "));
            return;
        }
        String block = items(items);
        int lineStart = lines.start(before.getStartMark().getLine() + lineOffset);
        edits.add(new TextEdit(lineStart, lineStart, depth, indent(block, column(sequence))));
    }

    /** Rewrites an entry whose value was replaced or grown, from its key up to {@code to}. */
    private void replaceEntry(MappingNode mapping, NodeTuple tuple, int to, int depth) {
        int from = start(tuple.getKeyNode());
        String replacement;
        if (isFlow(mapping)) {
            replacement = flowEntry(tuple);
        } else {
            MappingNode entry = new MappingNode(Tag.MAP, List.of(tuple), DumperOptions.FlowStyle.BLOCK);
            replacement = indent(block(entry), column(tuple.getKeyNode())).stripLeading();
            boolean endsAtLineStart = to > 0 && text.charAt(to - 1) == '\n';
            if (!endsAtLineStart) {
                replacement = stripFinalLineBreak(replacement);
            }
        }
        edits.add(new TextEdit(from, to, depth, replacement));
    }

    private boolean onlyCreatedChildren(CollectionNode<?> collection) {
        if (collection instanceof MappingNode mapping) {
            return !mapping.getValue().isEmpty()
                    && mapping.getValue().stream().allMatch(tuple -> created.contains(tuple.getKeyNode()));
        }
        List<Node> items = ((SequenceNode) collection).getValue();
        return !items.isEmpty() && items.stream().allMatch(item -> created.contains(item)
                && !replacedBy.containsKey(item));
    }

    /** Inserts {@code block} at the start of the line after the one {@code afterOffset} is on. */
    private void insertLines(int afterOffset, String block, int depth) {
        int at = afterOffset;
        if (at > 0 && text.charAt(at - 1) != '\n') {
            at = text.indexOf('\n', at) + 1;
        }
        edits.add(new TextEdit(at, at, depth, block));
    }

    /** Offset just past the last original character of a node's content. */
    private int lastLeafEnd(Node node) {
        if (node instanceof MappingNode mapping && !isFlow(mapping)) {
            NodeTuple last = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (!created.contains(tuple.getKeyNode())) {
                    last = tuple;
                }
            }
            return last == null ? end(mapping) : lastLeafEnd(original(last.getValueNode()));
        }
        if (node instanceof SequenceNode sequence && !isFlow(sequence)) {
            Node last = null;
            for (Node item : sequence.getValue()) {
                if (!created.contains(item) || replacedBy.containsKey(item)) {
                    last = original(item);
                }
            }
            return last == null ? end(sequence) : lastLeafEnd(last);
        }
        return end(node);
    }

    private String block(Node node) {
        return serialize(node, layout.dumperOptions(lineBreak));
    }

    private String items(List<Node> items) {
        return serialize(new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK),
                layout.itemDumperOptions(lineBreak));
    }

    private String flow(Node node) {
        makeFlow(node);
        DumperOptions options = layout.dumperOptions(lineBreak);
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        return stripFinalLineBreak(serialize(node, options));
    }

    private String flowEntry(NodeTuple tuple) {
        String mapping = flow(new MappingNode(Tag.MAP, List.of(tuple), DumperOptions.FlowStyle.FLOW));
        return mapping.substring(1, mapping.length() - 1);
    }

    private int start(Node node) {
        return offset(node.getStartMark());
    }

    private int end(Node node) {
        return offset(node.getEndMark());
    }

    private int offset(Mark mark) {
        return lines.offset(mark.getLine() + lineOffset, mark.getColumn());
    }

    private int column(Node node) {
        return node.getStartMark().getColumn();
    }


    private static String serialize(Node node, DumperOptions options) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
        StringWriter out = new StringWriter();
        yaml.serialize(node, out);
        return out.toString();
    }

    private static void makeFlow(Node node) {
        if (node instanceof CollectionNode<?> collection) {
            collection.setFlowStyle(DumperOptions.FlowStyle.FLOW);
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                makeFlow(tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(DocumentPatch::makeFlow);
        }
    }

    static boolean isFlow(CollectionNode<?> node) {
        return node.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    /** Indents every line of {@code block} by {@code column} spaces, after removing its common indentation. */
    private static String indent(String block, int column) {
        List<String> blockLines = block.lines().toList();
        int common = blockLines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        String lineBreak = block.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder indented = new StringBuilder();
        String padding = " ".repeat(column);
        for (String line : blockLines) {
            indented.append(line.isBlank() ? "" : padding + line.substring(common)).append(lineBreak);
        }
        return indented.toString();
    }

    private static String stripFinalLineBreak(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static ScalarNode scalar(Tag tag, String value) {
        return new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    /** A new node for a JSON patch value. */
    static Node toNode(JsonNode value) {
        if (value.isObject()) {
            List<NodeTuple> tuples = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                NodeTuple tuple = new NodeTuple(scalar(Tag.STR, field.getKey()), toNode(field.getValue()));
                // list items read best with their name first, as Kubernetes manifests are written
                if ("name".equals(field.getKey())) {
                    tuples.add(0, tuple);
                } else {
                    tuples.add(tuple);
                }
            }
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            value.forEach(item -> items.add(toNode(item)));
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        if (value.isBoolean()) {
            return scalar(Tag.BOOL, value.asText());
        }
        if (value.isIntegralNumber()) {
            return scalar(Tag.INT, value.asText());
        }
        if (value.isNumber()) {
            return scalar(Tag.FLOAT, value.decimalValue().toPlainString());
        }
        if (value.isNull()) {
            return scalar(Tag.NULL, "null");
        }
        return scalar(Tag.STR, value.asText());
    }
}
