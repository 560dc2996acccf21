package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One document of an input file.
 *
 * @param index position of the document in its file, from 0, counting empty and malformed documents
 * @param tree the document as JSON
 * @param sourceMap where each node of {@code tree} is in the file
 * @param yamlNode the composed YAML node, whose marks are {@code lineOffset} lines short; null for JSON
 * @param lineOffset lines of the file before the text {@code yamlNode} was composed from
 */
public record ManifestDocument(int index, JsonNode tree, SourceMap sourceMap, Node yamlNode, int lineOffset) {
}
