package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One document of an input file.
 *
 * @param index position of the document in its file, from 0, counting empty and malformed documents
 * @param tree the document as JSON
 * @param sourceMap where each node of {@code tree} is in the file
 * @param yamlNode the composed YAML node, whose marks are {@code lineOffset} lines short; null for JSON and for
 *                 documents read only to be scanned
 * @param lineOffset lines of the file before the text {@code yamlNode} was composed from
 * @param origin the template the document was rendered from, as a {@code # Source:} comment above it names it
 *               (Helm writes one above every document it renders); null when there is none
 */
public record ManifestDocument(int index, JsonNode tree, SourceMap sourceMap, Node yamlNode, int lineOffset,
                               Origin origin) {

    /**
     * The template a rendered document came from.
     *
     * @param file the template, as reports name it
     * @param commentLine the 1-based line of the {@code # Source:} comment in the rendered stream: the template's
     *                    first line is the line after it
     */
    public record Origin(String file, int commentLine) {

        /** A line of the rendered document as a line of the template: the rendered text's, counted from there. */
        public int templateLine(int renderedLine) {
            return Math.max(1, renderedLine - commentLine);
        }
    }
}
