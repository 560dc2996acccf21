package dev.shipshape.cli.input;

/**
 * A problem with an input file: malformed YAML or JSON, a field of the wrong type, an unreadable path.
 *
 * @param file the file as reports name it ({@code stdin} for standard input)
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong
 */
public record InputProblem(String file, int line, int column, String message) {

    public static InputProblem ofFile(String file, String message) {
        return new InputProblem(file, 0, 0, message);
    }

    /** {@code file:line:column: message}, as compilers report errors, so editors can jump to it. */
    public String format() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + (column <= 0 ? 1 : column) + ": " + message;
    }
}
