package dev.shipshape.cli.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads input files into documents: YAML streams, or JSON for {@code .json} files and JSON on stdin. */
public final class ManifestLoader {

    /** Larger templates are not read to place findings in them. */
    private static final long MAX_TEMPLATE_BYTES = 4L * 1024 * 1024;

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
        if (source.isDockerfile()) {
            return new ManifestFile(source, text, false, List.of(), List.of());
        }
        return parse(source, text, context);
    }

    /** Parses a whole input; templates of {@code # Source:} comments are looked for relative to nothing. */
    static ManifestFile parse(InputSource source, String text) {
        return parse(source, text, null);
    }

    private static ManifestFile parse(InputSource source, String text, CliContext context) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        boolean json = read(source, text, true, documents::add, problems, context);
        return new ManifestFile(source, text, json, documents, problems);
    }

    /**
     * The text of an input, or the problem that kept it from being read.
     *
     * @param source the input
     * @param text its content; empty when it could not be read
     * @param problems why it could not be read
     * @param context where the templates of {@code # Source:} comments are looked for
     */
    public record InputContent(InputSource source, String text, List<InputProblem> problems, CliContext context) {

        public static InputContent read(InputSource source, InputOptions options, CliContext context) {
            try {
                return new InputContent(source, InputText.read(source, options, context), List.of(), context);
            } catch (InputException e) {
                return new InputContent(source, "", e.problems(), context);
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
            boolean json = problems.isEmpty() && ManifestLoader.read(source, text, false, documents, found, context);
            return new ManifestFile(source, text, json, List.of(), found);
        }
    }

    /** @return whether the text was read as JSON */
    private static boolean read(InputSource source, String text, boolean keepNodes,
                                Consumer<ManifestDocument> documents, List<InputProblem> problems,
                                CliContext context) {
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
        YamlManifestReader.read(source.name(), text, origins(source, context), keepNodes, documents, problems);
        return false;
    }

    /** Names the templates of {@code # Source:} comments and reads each once, when it can be found. */
    private static YamlManifestReader.OriginResolver origins(InputSource source, CliContext context) {
        Map<String, List<String>> templates = new HashMap<>();
        return (sourceComment, commentLine, rendered) -> {
            List<String> template = context == null ? List.of() : templates.computeIfAbsent(sourceComment,
                    comment -> readTemplate(source.templateFile(comment, context)));
            return new ManifestDocument.Origin(source.originName(sourceComment), commentLine, rendered,
                    template.isEmpty() ? null : template);
        };
    }

    private static List<String> readTemplate(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_TEMPLATE_BYTES) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        } catch (IOException | UncheckedIOException e) {
            // without its template, a rendered line is counted from the comment
        }
        return List.of();
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
