package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One document of an input file.
 *
 * @param index position of the document in its file, from 0, counting empty and malformed documents
 * @param tree the document as JSON
 * @param sourceMap where each node of {@code tree} is in the file
 * @param yamlNode the composed YAML node, whose marks are {@code lineOffset} lines short; null for JSON and for
 *                 documents read only to be scanned
 * @param lineOffset lines of the file before the text {@code yamlNode} was composed from
 * @param origin the template the document was rendered from, as a {@code # Source:} comment above it names it
 *               (Helm writes one above every document it renders); null when there is none
 */
public record ManifestDocument(int index, JsonNode tree, SourceMap sourceMap, Node yamlNode, int lineOffset,
                               Origin origin) {

    /**
     * The template a rendered document came from.
     *
     * @param file the template, as reports name it
     * @param commentLine the 1-based line of the {@code # Source:} comment in the rendered stream
     * @param rendered the lines of the rendered stream
     * @param template the lines of the template when it can be read (a chart this scan rendered, or a path that
     *                 exists), else null
     */
    public record Origin(String file, int commentLine, TextLines rendered, List<String> template) {

        private static final Pattern KEY = Pattern.compile("^(?:- )*([A-Za-z0-9_.\\-/]+|\"[^\"]*\"|'[^']*'):(?:\\s|$)");

        /**
         * A line of the rendered stream as a line of the template. Rendering drops and adds lines, so the line
         * with the same key is looked for in the template: the rendered line's key occurs there as often up to it as
         * in the rendered document. Where there is no template or no such line, the rendered line counted from the
         * comment.
         */
        public int templateLine(int renderedLine) {
            int fromComment = Math.max(1, renderedLine - commentLine);
            if (template == null || renderedLine < 1 || renderedLine > rendered.count()) {
                return fromComment;
            }
            String key = key(rendered.line(renderedLine - 1));
            if (key == null) {
                return fromComment;
            }
            int occurrence = 0;
            for (int line = commentLine; line < renderedLine; line++) {
                if (key.equals(key(rendered.line(line)))) {
                    occurrence++;
                }
            }
            int seen = 0;
            for (int line = 0; line < template.size(); line++) {
                if (key.equals(key(template.get(line))) && ++seen == occurrence) {
                    return line + 1;
                }
            }
            return fromComment;
        }

        private static String key(String line) {
            Matcher matcher = KEY.matcher(line.strip());
            return matcher.find() ? matcher.group(1) : null;
        }
    }
}
