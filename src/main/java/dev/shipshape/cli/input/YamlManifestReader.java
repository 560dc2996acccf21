package dev.shipshape.cli.input;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a YAML stream into documents. A malformed document is reported with its line and column and reading
 * resumes at the next document marker, so one broken document does not hide the others.
 */
final class YamlManifestReader {

    /** Aliases to collections one document may use; beyond that, it is probably a "billion laughs" bomb. */
    static final int MAX_ALIASES_FOR_COLLECTIONS = 100;
    /** Size limit of one document, in code points. */
    static final int MAX_DOCUMENT_CODE_POINTS = 16 * 1024 * 1024;
    static final int MAX_NESTING_DEPTH = 200;
    /** How Helm names the template above each document it renders. */
    private static final String SOURCE_COMMENT = "# Source:";

    private YamlManifestReader() {
    }

    /** Finds the template a {@code # Source:} comment names. */
    interface OriginResolver {
        ManifestDocument.Origin resolve(String sourceComment, int commentLine, TextLines rendered);
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private static Yaml yaml() {
        LoaderOptions options = loaderOptions();
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
    }

    /**
     * @param origins the template a {@code # Source:} comment names, or null to leave such comments alone
     * @param keepNodes whether documents keep their composed YAML node, which only fixing needs
     */
    static void read(String name, String text, OriginResolver origins, boolean keepNodes,
                     Consumer<ManifestDocument> documents, List<InputProblem> problems) {
        TextLines lines = new TextLines(text);
        Yaml yaml = yaml();
        int lineOffset = 0;
        int index = 0;
        int lastLine = 0;
        while (true) {
            String part = lineOffset == 0 ? text : text.substring(lines.start(lineOffset));
            Iterator<Node> nodes = yaml.composeAll(new StringReader(part)).iterator();
            int failedLine;
            try {
                while (nodes.hasNext()) {
                    Node node = nodes.next();
                    int documentIndex = index++;
                    lastLine = lineOffset + node.getEndMark().getLine();
                    if (!isEmpty(node)) {
                        ManifestDocument.Origin origin = origins == null ? null
                                : origin(lines, lineOffset + node.getStartMark().getLine(), origins);
                        convert(name, node, documentIndex, lineOffset, origin, keepNodes, documents, problems);
                    }
                }
                return;
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                failedLine = lineOffset + mark.getLine();
                problems.add(new InputProblem(name, failedLine + 1, mark.getColumn() + 1, describe(e)));
                index++;
            } catch (YAMLException e) {
                problems.add(new InputProblem(name, lastLine + 1, 0, "cannot read YAML: " + e.getMessage()));
                return;
            }
            // An error found at the next document's marker belongs to the document before it.
            int resumeFrom = failedLine > lineOffset ? failedLine : failedLine + 1;
            lineOffset = nextDocumentStart(lines, resumeFrom);
            if (lineOffset < 0) {
                return;
            }
        }
    }

    private static void convert(String name, Node node, int index, int lineOffset, ManifestDocument.Origin origin,
                                boolean keepNodes, Consumer<ManifestDocument> documents,
                                List<InputProblem> problems) {
        try {
            YamlToJson.Converted converted = YamlToJson.convert(node, lineOffset);
            documents.accept(new ManifestDocument(index, converted.tree(), converted.sourceMap(),
                    keepNodes ? node : null, lineOffset, origin));
        } catch (YamlToJson.ConversionException e) {
            problems.add(new InputProblem(name, e.line(), e.column(), e.getMessage()));
        }
    }

    private static boolean isEmpty(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    /**
     * The template named by a {@code # Source: FILE} comment among the comment lines just above a document's first
     * line (0-based), up to its {@code ---}; null when there is none.
     */
    private static ManifestDocument.Origin origin(TextLines lines, int firstLine, OriginResolver origins) {
        for (int line = firstLine - 1; line >= 0; line--) {
            String text = lines.line(line).strip();
            if (text.startsWith(SOURCE_COMMENT)) {
                String file = text.substring(SOURCE_COMMENT.length()).strip();
                return file.isEmpty() ? null : origins.resolve(file, line + 1, lines);
            }
            if (!text.isEmpty() && !text.startsWith("#")) {
                return null;
            }
        }
        return null;
    }

    /** The first line at or after {@code from} that starts a document ({@code ---}), or -1. */
    private static int nextDocumentStart(TextLines lines, int from) {
        for (int line = from; line < lines.count(); line++) {
            String text = lines.line(line);
            if (text.startsWith("---") && (text.length() == 3 || Character.isWhitespace(text.charAt(3)))) {
                return line;
            }
        }
        return -1;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        if (e.getContext() != null && e.getProblem() != null) {
            return problem + " (" + e.getContext() + ")";
        }
        return problem;
    }
}
