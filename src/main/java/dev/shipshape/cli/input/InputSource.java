package dev.shipshape.cli.input;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One input of a command: a file, or standard input.
 *
 * @param name how reports name it: the path relative to the working directory with forward slashes, or
 *             {@code stdin}
 * @param path the file, or null for standard input
 * @param outputPath where {@code fix --output-dir} writes it, relative to that directory; null for standard input
 */
public record InputSource(String name, Path path, Path outputPath) {

    public static final String STDIN_NAME = "stdin";

    public static InputSource stdin() {
        return new InputSource(STDIN_NAME, null, null);
    }

    public boolean isStdin() {
        return path == null;
    }

    /** True when the content is JSON rather than YAML, judging by the file name. */
    public boolean hasJsonExtension() {
        return path != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
