package dev.shipshape.cli.input;

import java.util.ArrayList;
import java.util.List;

/** Reads input files into documents: YAML streams, or JSON for {@code .json} files and JSON on stdin. */
final class ManifestLoader {

    private ManifestLoader() {
    }

    static ManifestFile load(InputSource source, CliContext context) {
        String text;
        try {
            text = InputText.read(source, context);
        } catch (InputException e) {
            return new ManifestFile(source, "", false, List.of(), e.problems());
        }
        return parse(source, text);
    }

    static ManifestFile parse(InputSource source, String text) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        if (source.hasJsonExtension() || source.isStdin() && looksLikeJson(text)) {
            JsonManifestReader.read(source.name(), text, documents, problems);
            // stdin that only looks like JSON, such as a YAML flow mapping, is read as the YAML it is
            if (source.hasJsonExtension() || problems.isEmpty()) {
                return new ManifestFile(source, text, true, documents, problems);
            }
            documents.clear();
            problems.clear();
        }
        YamlManifestReader.read(source.name(), text, documents, problems);
        return new ManifestFile(source, text, false, documents, problems);
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
