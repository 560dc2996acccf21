package dev.shipshape.cli.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.report.JsonOutput;
import dev.shipshape.cli.scan.ScannedWorkload;
import dev.shipshape.cli.scan.WorkloadScanner;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.JsonPatches;
import dev.shipshape.policy.Remediator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remediates the workloads of one file. Only the {@code add} operations of the remediations are applied: YAML
 * is patched in place through {@link YamlPatcher}, so everything else stays as it was; JSON is re-printed.
 */
public final class ManifestFixer {

    private ManifestFixer() {
    }

    /**
     * The outcome for one file.
     *
     * @param file the file
     * @param text its remediated content; the original when nothing changed
     * @param changed whether anything was filled in
     * @param changes what was filled in and what is left, one line each, for people
     * @param problems workload objects that could not be read
     */
    public record FileFix(ManifestFile file, String text, boolean changed, List<String> changes,
                   List<InputProblem> problems) {
    }

    /**
     * @param runAsUser the UID to set beside every {@code runAsNonRoot: true} the fix adds where no UID is set, or
     *                  null to leave it to the image
     */
    public static FileFix fix(ManifestFile file, WorkloadScanner scanner, CompiledPolicy policy, Long runAsUser) {
        if (file.json() && !file.problems().isEmpty()) {
            // re-printing the part that could be parsed would drop the rest
            return new FileFix(file, file.text(), false,
                    List.of(file.name() + ": not fixed: the JSON could not be parsed"), List.of());
        }
        List<String> changes = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        Map<ManifestDocument, List<JsonPatchOperation>> patches = new IdentityHashMap<>();
        for (ManifestDocument document : file.documents()) {
            for (ManifestObject object : ManifestObject.of(file, document)) {
                ScannedWorkload workload;
                try {
                    workload = scanner.scan(object).orElse(null);
                } catch (WorkloadScanner.InvalidObjectException e) {
                    problems.add(e.problem());
                    continue;
                }
                if (workload == null || workload.result().compliant()) {
                    continue;
                }
                List<JsonPatchOperation> additions = Remediator.remediate(policy, workload.workload(),
                        workload.result()).stream().filter(operation -> "add".equals(operation.op())).toList();
                ImageCaveats.Outcome outcome = ImageCaveats.review(workload.workload(), additions,
                        leaves(additions).keySet(), runAsUser);
                describe(workload, outcome, scanner.evaluate(workload.workload()), changes);
                for (JsonPatchOperation operation : outcome.operations()) {
                    patches.computeIfAbsent(document, key -> new ArrayList<>())
                            .add(JsonPatchOperation.add(object.base().resolve(operation.path()), operation.value()));
                }
            }
        }
        if (patches.isEmpty()) {
            return new FileFix(file, file.text(), false, changes, problems);
        }
        String text = file.json() ? patchJson(file, patches) : patchYaml(file, patches);
        return new FileFix(file, text, !text.equals(file.text()), changes, problems);
    }

    private static String patchYaml(ManifestFile file, Map<ManifestDocument, List<JsonPatchOperation>> patches) {
        YamlPatcher patcher = new YamlPatcher(file.text());
        patches.forEach(patcher::patch);
        return patcher.result();
    }

    private static String patchJson(ManifestFile file, Map<ManifestDocument, List<JsonPatchOperation>> patches) {
        StringBuilder text = new StringBuilder();
        for (ManifestDocument document : file.documents()) {
            List<JsonPatchOperation> operations = patches.get(document);
            if (operations != null) {
                JsonPatches.apply((ObjectNode) document.tree(), operations);
            }
            text.append(JsonOutput.pretty(document.tree()));
        }
        return text.toString();
    }

    private static void describe(ScannedWorkload workload, ImageCaveats.Outcome outcome, EvaluationResult after,
                                 List<String> changes) {
        String heading = workload.file() + ":" + workload.line() + ": " + workload.workload().ref().display();
        Map<FieldPath, JsonNode> filled = leaves(outcome.operations());
        changes.add(heading + (filled.isEmpty() ? ": nothing to fill in automatically"
                : ": filled in " + filled.size() + (filled.size() == 1 ? " field" : " fields")));
        filled.forEach((field, value) -> changes.add("  + " + field + ": "
                + (value.isTextual() ? value.asText() : value.toString())));
        outcome.verify().forEach(line -> changes.add("  verify: " + line));
        Set<String> remaining = new LinkedHashSet<>();
        for (Finding finding : after.violations()) {
            remaining.add(finding.checkId()
                    + (finding.container() == null ? "" : " (container " + finding.container() + ")"));
        }
        if (!remaining.isEmpty()) {
            changes.add("  still failing, needs a manual fix: " + String.join(", ", remaining));
        }
    }

    /** Every scalar (or empty map or list) the operations add, by path, in order. */
    private static Map<FieldPath, JsonNode> leaves(List<JsonPatchOperation> additions) {
        Map<FieldPath, JsonNode> leaves = new LinkedHashMap<>();
        for (JsonPatchOperation operation : additions) {
            leaves(operation.path(), operation.value(), leaves);
        }
        return leaves;
    }

    private static void leaves(FieldPath path, JsonNode value, Map<FieldPath, JsonNode> leaves) {
        if (value.isObject() && !value.isEmpty()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                leaves(path.field(field.getKey()), field.getValue(), leaves);
            }
        } else if (value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) {
                leaves(path.index(i), value.get(i), leaves);
            }
        } else {
            leaves.put(path, value);
        }
    }
}
