package dev.shipshape.cli.fix;

/** Replaces {@code [start, end)} of a text; edits at the same offset go deepest first. */
record TextEdit(int start, int end, int depth, String replacement) {
}
