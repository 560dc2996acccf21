package dev.shipshape.cli.input;

/**
 * Where a node of a manifest starts in its file.
 *
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourcePosition(int line, int column) {
}
