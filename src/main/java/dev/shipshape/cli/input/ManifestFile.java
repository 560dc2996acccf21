package dev.shipshape.cli.input;

import java.util.List;

/**
 * An input file, parsed as far as possible.
 *
 * @param source where it came from
 * @param text its content
 * @param json true when it was read as JSON
 * @param documents the documents that could be parsed, empty ones left out
 * @param problems what could not be parsed
 */
public record ManifestFile(InputSource source, String text, boolean json, List<ManifestDocument> documents,
                           List<InputProblem> problems) {

    public ManifestFile {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
    }

    public String name() {
        return source.name();
    }
}
