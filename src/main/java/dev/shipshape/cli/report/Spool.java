package dev.shipshape.cli.report;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text a report writes before it knows what must come ahead of it (totals in a header, results in severity order):
 * kept in a temporary file, not in memory, and copied out once the head is written.
 */
final class Spool implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;

    Spool() {
        try {
            file = Files.createTempFile("shipshape-report", ".spool");
            file.toFile().deleteOnExit();
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the report", e);
        }
    }

    Writer writer() {
        return writer;
    }

    /** Writes {@code text} to the spool. */
    void append(String text) {
        try {
            writer().write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report's temporary file", e);
        }
    }

    /** Copies what was written to {@code out}. */
    void copyTo(Writer out) {
        try {
            writer.flush();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                reader.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the report's temporary file", e);
        }
    }

    /**
     * Copies the first {@code lines} lines to {@code out} as items of a JSON array, each line one item.
     *
     * @param first whether no item precedes them in the array
     * @return whether still no item precedes what comes next
     */
    boolean copyLinesTo(Writer out, int lines, boolean first) {
        try {
            writer.flush();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                boolean none = first;
                int copied = 0;
                for (String line = reader.readLine(); line != null && copied < lines; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (!none) {
                        out.write(",\n");
                    }
                    out.write(line);
                    none = false;
                    copied++;
                }
                return none;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the report's temporary file", e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the report's temporary file", e);
        }
    }
}
