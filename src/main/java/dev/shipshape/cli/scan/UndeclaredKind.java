package dev.shipshape.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.DeclaredKind;

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
 */
public record UndeclaredKind(String apiVersion, String kind, String templatePath, int objects) {

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

    /** One line for humans: what was skipped and how to scan it. */
    public String message() {
        return objects + " object" + (objects == 1 ? "" : "s") + " of kind " + apiVersion + "/" + kind
                + " skipped: " + (objects == 1 ? "it carries" : "they carry") + " a pod template at " + templatePath
                + " but the kind is not declared; declare it with --workload-kind " + declaration()
                + (apiVersion.contains("/") ? "" : " (a custom resource's group has a dot, e.g. " + DeclaredKind.FORMAT
                + ")");
    }
}
