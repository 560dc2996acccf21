package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.FieldPath;

import java.util.ArrayList;
import java.util.List;

/**
 * One Kubernetes object of an input: a whole document, or an item of a {@code List} document.
 *
 * @param file the file it is in
 * @param document the document it is in
 * @param base where the object sits in the document: the root, or e.g. {@code items[2]}
 * @param tree the object; items of typed lists ({@code DeploymentList}) get the list's apiVersion and kind
 */
public record ManifestObject(ManifestFile file, ManifestDocument document, FieldPath base, JsonNode tree) {

    /** The objects of a document; a document that is not an object has none. */
    public static List<ManifestObject> of(ManifestFile file, ManifestDocument document) {
        List<ManifestObject> objects = new ArrayList<>();
        collect(file, document, FieldPath.ROOT, document.tree(), objects);
        return objects;
    }

    private static void collect(ManifestFile file, ManifestDocument document, FieldPath base, JsonNode tree,
                                List<ManifestObject> objects) {
        if (!tree.isObject()) {
            return;
        }
        String kind = tree.path("kind").asText("");
        JsonNode items = tree.get("items");
        if (kind.endsWith("List") && items != null && items.isArray()) {
            String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
            for (int i = 0; i < items.size(); i++) {
                collect(file, document, base.field("items").index(i),
                        withListDefaults(items.get(i), tree.path("apiVersion").asText(null), itemKind), objects);
            }
            return;
        }
        objects.add(new ManifestObject(file, document, base, tree));
    }

    private static JsonNode withListDefaults(JsonNode item, String apiVersion, String kind) {
        if (!item.isObject() || kind == null || item.has("kind") && item.has("apiVersion")) {
            return item;
        }
        ObjectNode completed = ((ObjectNode) item).deepCopy();
        if (!completed.has("kind")) {
            completed.put("kind", kind);
        }
        if (!completed.has("apiVersion") && apiVersion != null) {
            completed.put("apiVersion", apiVersion);
        }
        return completed;
    }

    /** The 1-based line of {@code path} (relative to this object), or of its nearest existing ancestor. */
    public int line(FieldPath path) {
        return document.sourceMap().line(base.resolve(path));
    }

    public SourcePosition position(FieldPath path) {
        return document.sourceMap().locate(base.resolve(path));
    }

    /** The line the object starts on. */
    public int line() {
        return line(FieldPath.ROOT);
    }

    /** The file reports name: the template a {@code # Source:} comment names, else the input file. */
    public String reportedFile() {
        return document.origin() != null ? document.origin().file() : file.name();
    }

    /** The line reports give for {@code path}: counted from the start of the template, in a rendered document. */
    public int reportedLine(FieldPath path) {
        int line = line(path);
        return document.origin() != null ? document.origin().templateLine(line) : line;
    }

    public String kind() {
        return tree.path("kind").asText("");
    }
}
