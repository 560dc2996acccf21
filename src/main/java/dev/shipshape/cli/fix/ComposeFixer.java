package dev.shipshape.cli.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.SourcePosition;
import dev.shipshape.compose.ComposeEvaluator;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.PolicyEvaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills in what is safe in a Compose file's services, with the same text patcher as manifests: {@code read_only:
 * true} with a {@code /tmp} tmpfs, {@code no-new-privileges:true}, {@code cap_drop: [ALL]}, and limits only when the
 * user gives their values. Only for services where the policy's check finds the field missing; values that are set
 * are never changed.
 */
public final class ComposeFixer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ComposeFixer() {
    }

    /**
     * The limits to add to services that have none, as the user gives them.
     *
     * @param memory a memory size such as {@code 512m}, or null
     * @param cpus a number of CPUs such as {@code 0.5}, or null
     */
    public record Limits(String memory, String cpus) {

        boolean any() {
            return memory != null || cpus != null;
        }
    }

    public static ManifestFixer.FileFix fix(ManifestFile file, CompiledPolicy policy, Limits limits, Instant now) {
        List<String> changes = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        YamlPatcher patcher = new YamlPatcher(file.text());
        boolean patched = false;
        for (ManifestDocument document : file.documents()) {
            List<ComposeEvaluator.EvaluatedService> services;
            try {
                services = ComposeEvaluator.evaluate(policy, document.tree(), file.name(), Set.of());
            } catch (ComposeEvaluator.InvalidServiceException e) {
                SourcePosition position = document.sourceMap().locate(e.path());
                problems.add(new InputProblem(file.name(), position.line(), position.column(), e.getMessage()));
                continue;
            }
            List<JsonPatchOperation> operations = new ArrayList<>();
            for (ComposeEvaluator.EvaluatedService evaluated : services) {
                Set<String> failing = new LinkedHashSet<>();
                for (Finding finding : PolicyEvaluator.decide(policy, evaluated.workload(), evaluated.findings(), now)
                        .violations()) {
                    failing.add(finding.checkId());
                }
                List<String> filled = new ArrayList<>();
                FieldPath service = evaluated.service().path();
                JsonNode node = evaluated.service().node();
                if (failing.contains("read-only-root-filesystem") && !node.has("read_only")) {
                    operations.add(JsonPatchOperation.add(service.field("read_only"), NODES.booleanNode(true)));
                    filled.add("read_only: true");
                    if (!node.has("tmpfs")) {
                        operations.add(JsonPatchOperation.add(service.field("tmpfs"), NODES.arrayNode().add("/tmp")));
                        filled.add("tmpfs: [/tmp]");
                    }
                }
                if (failing.contains("allow-privilege-escalation")) {
                    appendTo(operations, filled, service, node, "security_opt", "no-new-privileges:true");
                }
                if (failing.contains("capabilities-drop-all") && !containsIgnoringCase(node.path("cap_drop"), "ALL")) {
                    appendTo(operations, filled, service, node, "cap_drop", "ALL");
                }
                if (failing.contains("resource-limits") && limits.any() && !node.has("mem_limit")
                        && !node.path("deploy").path("resources").has("limits")) {
                    operations.add(limitsOperation(service, node, limits));
                    filled.add("limits: " + (limits.memory() == null ? "" : "memory " + limits.memory())
                            + (limits.memory() != null && limits.cpus() != null ? ", " : "")
                            + (limits.cpus() == null ? "" : "cpus " + limits.cpus()));
                }
                String heading = file.name() + ":" + document.sourceMap().line(service) + ": service "
                        + evaluated.service().name();
                if (!filled.isEmpty()) {
                    changes.add(heading + ": filled in " + String.join(", ", filled));
                    if (filled.contains("read_only: true")) {
                        changes.add("  verify: service " + evaluated.service().name() + ": read_only lets it write "
                                + "only to its volumes and tmpfs (/tmp): add a tmpfs or volume for every other path "
                                + "it writes");
                    }
                }
                if (failing.contains("resource-limits") && !limits.any()) {
                    changes.add(heading + ": no limits set: pass --memory-limit and --cpus to fill them in");
                }
            }
            if (!operations.isEmpty()) {
                patcher.patch(document, operations);
                patched = true;
            }
        }
        String text = patched ? patcher.result() : file.text();
        return new ManifestFixer.FileFix(file, text, !text.equals(file.text()), changes, problems);
    }

    /** Adds {@code value} to the list {@code field}: the list itself when the service has none. */
    private static void appendTo(List<JsonPatchOperation> operations, List<String> filled, FieldPath service,
                                 JsonNode node, String field, String value) {
        JsonNode list = node.path(field);
        if (list.isMissingNode()) {
            operations.add(JsonPatchOperation.add(service.field(field), NODES.arrayNode().add(value)));
        } else if (list.isArray()) {
            operations.add(JsonPatchOperation.add(service.field(field).index(list.size()), NODES.textNode(value)));
        } else {
            return;
        }
        filled.add(field + " += " + value);
    }

    private static boolean containsIgnoringCase(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /** deploy.resources.limits with the given values, added at the first level the service lacks. */
    private static JsonPatchOperation limitsOperation(FieldPath service, JsonNode node, Limits limits) {
        ObjectNode values = NODES.objectNode();
        if (limits.cpus() != null) {
            values.put("cpus", limits.cpus());
        }
        if (limits.memory() != null) {
            values.put("memory", limits.memory());
        }
        if (!node.has("deploy")) {
            ObjectNode deploy = NODES.objectNode();
            deploy.putObject("resources").set("limits", values);
            return JsonPatchOperation.add(service.field("deploy"), deploy);
        }
        if (!node.path("deploy").has("resources")) {
            ObjectNode resources = NODES.objectNode();
            resources.set("limits", values);
            return JsonPatchOperation.add(service.field("deploy").field("resources"), resources);
        }
        return JsonPatchOperation.add(service.field("deploy").field("resources").field("limits"), values);
    }
}
