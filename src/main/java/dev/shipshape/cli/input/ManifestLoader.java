package dev.shipshape.cli.input;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads input files into documents: YAML streams, or JSON for {@code .json} files and JSON on stdin. */
public final class ManifestLoader {

    private ManifestLoader() {
    }

    /** Reads and parses a whole input, keeping the YAML nodes a fix patches. */
    static ManifestFile load(InputSource source, CliContext context) {
        return load(source, InputOptions.NONE, context);
    }

    static ManifestFile load(InputSource source, InputOptions options, CliContext context) {
        String text;
        try {
            text = InputText.read(source, options, context);
        } catch (InputException e) {
            return new ManifestFile(source, "", false, List.of(), e.problems());
        }
        return parse(source, text);
    }

    static ManifestFile parse(InputSource source, String text) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        boolean json = read(source, text, true, documents::add, problems);
        return new ManifestFile(source, text, json, documents, problems);
    }

    /**
     * The text of an input, or the problem that kept it from being read.
     *
     * @param source the input
     * @param text its content; empty when it could not be read
     * @param problems why it could not be read
     */
    public record InputContent(InputSource source, String text, List<InputProblem> problems) {

        public static InputContent read(InputSource source, InputOptions options, CliContext context) {
            try {
                return new InputContent(source, InputText.read(source, options, context), List.of());
            } catch (InputException e) {
                return new InputContent(source, "", e.problems());
            }
        }

        /** The file its streamed documents belong to: names it, holds no documents. */
        public ManifestFile placeholder() {
            return new ManifestFile(source, text, source.hasJsonExtension(), List.of(), List.of());
        }

        /**
         * Parses the content one document at a time, handing each to {@code documents} and then forgetting it,
         * so that memory does not grow with the number of documents.
         *
         * @return the file the documents belong to; its list of documents is empty, its problems are those found
         */
        public ManifestFile stream(Consumer<ManifestDocument> documents) {
            List<InputProblem> found = new ArrayList<>(problems);
            boolean json = problems.isEmpty() && ManifestLoader.read(source, text, false, documents, found);
            return new ManifestFile(source, text, json, List.of(), found);
        }
    }

    /** @return whether the text was read as JSON */
    private static boolean read(InputSource source, String text, boolean keepNodes,
                                Consumer<ManifestDocument> documents, List<InputProblem> problems) {
        if (source.hasJsonExtension() || source.isStdin() && looksLikeJson(text)) {
            List<ManifestDocument> parsed = new ArrayList<>();
            List<InputProblem> jsonProblems = new ArrayList<>();
            JsonManifestReader.read(source.name(), text, parsed::add, jsonProblems);
            // stdin that only looks like JSON, such as a YAML flow mapping, is read as the YAML it is
            if (source.hasJsonExtension() || jsonProblems.isEmpty()) {
                parsed.forEach(documents);
                problems.addAll(jsonProblems);
                return true;
            }
        }
        YamlManifestReader.read(source.name(), text, source::originName, keepNodes, documents, problems);
        return false;
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }
}
