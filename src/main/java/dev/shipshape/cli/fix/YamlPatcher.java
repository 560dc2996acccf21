package dev.shipshape.cli.fix;

import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.TextLines;
import dev.shipshape.policy.JsonPatchOperation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies JSON patch {@code add} operations to the YAML text of a file. The operations are applied to each
 * document's SnakeYAML node tree, creating missing maps and lists; only the nodes they add are then serialized
 * (in the document's indentation style, block or flow like their parent) and spliced into the original text.
 * Everything else (comments, key order, quoting, blank lines, untouched documents) stays byte for byte.
 */
final class YamlPatcher {

    private final String original;
    private final String text;
    private final TextLines lines;
    private final String lineBreak;
    private final List<TextEdit> edits = new ArrayList<>();

    YamlPatcher(String text) {
        this.original = text;
        this.lineBreak = text.contains("\r\n") ? "\r\n" : "\n";
        // Lines are inserted after line breaks; a patched file gets the final one it may have lacked.
        this.text = text.isEmpty() || text.endsWith("\n") ? text : text + lineBreak;
        this.lines = new TextLines(this.text);
    }

    /** Applies {@code operations}, whose paths start at the document root, to {@code document}. */
    void patch(ManifestDocument document, List<JsonPatchOperation> operations) {
        DocumentPatch patch = new DocumentPatch(text, lines, lineBreak, edits, document.lineOffset(),
                YamlLayout.detect(document.yamlNode()));
        for (JsonPatchOperation operation : operations) {
            if ("add".equals(operation.op())) {
                patch.apply(document.yamlNode(), operation);
            }
        }
        patch.collectEdits(document.yamlNode(), 0);
    }

    /** The text with every edit applied. */
    String result() {
        if (edits.isEmpty()) {
            return original;
        }
        List<TextEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(TextEdit::start).reversed().thenComparingInt(TextEdit::depth));
        StringBuilder result = new StringBuilder(text);
        for (TextEdit edit : ordered) {
            result.replace(edit.start(), edit.end(), edit.replacement());
        }
        return result.toString();
    }
}
