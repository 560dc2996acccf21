package dev.shipshape.cli.fix;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * How a document indents: spaces per nesting level, how far list dashes sit inside their key, and how far
 * the keys of a map in a list item sit from its dash.
 */
record YamlLayout(int indent, int sequenceIndent, int itemIndent) {

    static YamlLayout detect(Node root) {
        int[] found = {-1, -1, -1};
        detect(root, found);
        int indent = found[0] >= 1 && found[0] <= 10 ? found[0] : 2;
        int sequenceIndent = found[1] >= 0 ? Math.min(found[1], Math.min(indent, 9)) : 0;
        int itemIndent = found[2] >= 2 && found[2] <= 10 ? found[2] : 2;
        return new YamlLayout(indent, sequenceIndent, itemIndent);
    }

    /**
     * Finds the first map nested in a map ({@code found[0]}), the first list in a map ({@code found[1]}) and
     * the first map in a list ({@code found[2]}).
     */
    private static void detect(Node node, int[] found) {
        if (found[0] >= 0 && found[1] >= 0 && found[2] >= 0) {
            return;
        }
        if (node instanceof MappingNode mapping && !DocumentPatch.isFlow(mapping)) {
            for (NodeTuple tuple : mapping.getValue()) {
                int keyColumn = tuple.getKeyNode().getStartMark().getColumn();
                Node value = tuple.getValueNode();
                if (found[0] < 0 && value instanceof MappingNode child && !DocumentPatch.isFlow(child)
                        && !child.getValue().isEmpty()) {
                    found[0] = child.getValue().get(0).getKeyNode().getStartMark().getColumn() - keyColumn;
                }
                if (found[1] < 0 && value instanceof SequenceNode list && !DocumentPatch.isFlow(list)
                        && !list.getValue().isEmpty()) {
                    found[1] = list.getStartMark().getColumn() - keyColumn;
                }
                detect(value, found);
            }
        } else if (node instanceof SequenceNode list && !DocumentPatch.isFlow(list)) {
            for (Node item : list.getValue()) {
                if (found[2] < 0 && item instanceof MappingNode map && !DocumentPatch.isFlow(map)
                        && !map.getValue().isEmpty()) {
                    found[2] = map.getValue().get(0).getKeyNode().getStartMark().getColumn()
                            - list.getStartMark().getColumn();
                }
                detect(item, found);
            }
        }
    }

    DumperOptions dumperOptions(String lineBreak) {
        return dumperOptions(lineBreak, indent);
    }

    /** Options for list items, whose map keys sit {@link #itemIndent} past the dash. */
    DumperOptions itemDumperOptions(String lineBreak) {
        return dumperOptions(lineBreak, itemIndent);
    }

    private DumperOptions dumperOptions(String lineBreak, int indent) {
        DumperOptions options = new DumperOptions();
        options.setIndent(indent);
        options.setIndicatorIndent(Math.min(sequenceIndent, indent));
        options.setIndentWithIndicator(sequenceIndent > 0);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setLineBreak("\r\n".equals(lineBreak) ? DumperOptions.LineBreak.WIN : DumperOptions.LineBreak.UNIX);
        return options;
    }
}
