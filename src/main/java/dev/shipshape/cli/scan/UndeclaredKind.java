package dev.shipshape.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.WorkloadKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects of a kind the scan does not know that nonetheless carry a pod template (an Argo Rollout, a Knative
 * Service, ...): skipped, so the report says so and how to declare the kind, instead of passing them as clean.
 *
 * @param apiVersion the objects' apiVersion
 * @param kind the objects' kind
 * @param templatePath where the first of them carries its pod template, e.g. {@code spec.template}
 * @param objects how many were skipped
 * @param first where the first of them is: its file and the position of its {@code kind}
 */
public record UndeclaredKind(String apiVersion, String kind, String templatePath, int objects, Location first) {

    /** A file and a position in it. */
    public record Location(String file, int line, int column) {
    }

    /** Deepest a pod template is looked for below {@code spec}. */
    private static final int MAX_DEPTH = 5;

    /** The path of the pod template an object of an unknown kind carries: an object whose spec has containers. */
    static Optional<String> templatePath(JsonNode object) {
        return find(object.path("spec"), new ArrayList<>(List.of("spec")), 0);
    }

    private static Optional<String> find(JsonNode node, List<String> path, int depth) {
        if (!node.isObject() || depth > MAX_DEPTH) {
            return Optional.empty();
        }
        if (depth > 0 && node.path("spec").path("containers").isArray()) {
            return Optional.of(String.join(".", path));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            path.add(field.getKey());
            Optional<String> found = find(field.getValue(), path, depth + 1);
            path.remove(path.size() - 1);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The {@code --workload-kind} that would scan these objects. */
    public String declaration() {
        return apiVersion + "/" + kind + "=" + templatePath;
    }

    /**
     * One line for humans, starting with where the first object is: what was skipped and how to scan it, or, for
     * a built-in kind's name under another apiVersion, that the apiVersion is wrong.
     */
    public String message() {
        String what = objects + " object" + (objects == 1 ? "" : "s") + " of kind " + apiVersion + "/" + kind
                + " skipped: ";
        String fix = WorkloadKind.names().contains(kind)
                ? "the apiVersion " + apiVersion + " is not one of the built-in " + kind + "'s; check it"
                : (objects == 1 ? "it carries" : "they carry") + " a pod template at " + templatePath
                + " but the kind is not declared; declare it with --workload-kind " + declaration();
        return first.file() + ":" + first.line() + ":" + first.column() + ": warning: " + what + fix;
    }
}
