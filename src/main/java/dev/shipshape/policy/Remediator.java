package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the remediations of a policy's failing checks to a workload's pod spec and describes the change
 * as JSON patch operations on the workload object. Only fields that were missing are filled in.
 */
public final class Remediator {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Remediator() {
    }

    /**
     * Remediates, in place, the violations in {@code result} that a check of {@code policy} can fix.
     *
     * @return the operations that turn the original object into the remediated one; empty when nothing changed
     */
    public static List<JsonPatchOperation> remediate(CompiledPolicy policy, Workload workload,
                                                     EvaluationResult result) {
        if (result.violations().isEmpty()) {
            return List.of();
        }
        JsonNode before = null;
        boolean changed = false;
        for (ActiveCheck active : policy.checks()) {
            if (!active.check().descriptor().remediable()) {
                continue;
            }
            Target target = Target.of(active.id(), result);
            if (target == null) {
                continue;
            }
            if (before == null) {
                before = remediableFields(workload.podSpec());
            }
            changed |= active.check().remediate(workload, target);
        }
        if (!changed) {
            return List.of();
        }
        List<JsonPatchOperation> operations = new ArrayList<>();
        diff(before, remediableFields(workload.podSpec()), workload.podSpecPath(), operations);
        return operations;
    }

    /**
     * The fields of a pod spec that remediations change, serialized as the whole spec would be: the pod's
     * automountServiceAccountToken, securityContext and volumes, and the securityContext and volumeMounts of every
     * init and regular container. Diffing these instead of the whole spec keeps a large pod spec from being copied
     * twice.
     */
    static JsonNode remediableFields(PodSpec spec) {
        PodSpec fields = new PodSpec();
        fields.setAutomountServiceAccountToken(spec.getAutomountServiceAccountToken());
        fields.setSecurityContext(spec.getSecurityContext());
        fields.setVolumes(spec.getVolumes());
        fields.setInitContainers(remediableFields(spec.getInitContainers()));
        fields.setContainers(remediableFields(spec.getContainers()));
        return MAPPER.valueToTree(fields);
    }

    private static List<Container> remediableFields(List<Container> containers) {
        List<Container> fields = new ArrayList<>(containers.size());
        for (Container container : containers) {
            Container remediable = new Container();
            remediable.setSecurityContext(container.getSecurityContext());
            remediable.setVolumeMounts(container.getVolumeMounts());
            fields.add(remediable);
        }
        return fields;
    }

    static void diff(JsonNode before, JsonNode after, FieldPath path, List<JsonPatchOperation> operations) {
        if (before == null || before.isNull() || before.isMissingNode()) {
            if (after != null && !after.isNull()) {
                operations.add(JsonPatchOperation.add(path, after));
            }
        } else if (before.isObject() && after.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = after.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                diff(before.get(field.getKey()), field.getValue(), path.field(field.getKey()), operations);
            }
        } else if (before.isArray() && after.isArray()) {
            int common = Math.min(before.size(), after.size());
            for (int i = 0; i < common; i++) {
                diff(before.get(i), after.get(i), path.index(i), operations);
            }
            for (int i = common; i < after.size(); i++) {
                operations.add(JsonPatchOperation.add(path.index(i), after.get(i)));
            }
        } else if (!before.equals(after)) {
            operations.add(new JsonPatchOperation("replace", path, after));
        }
    }

    private record Target(Set<String> containers, boolean podLevelAllowed) implements RemediationTarget {

        static Target of(String checkId, EvaluationResult result) {
            Set<String> containers = new HashSet<>();
            boolean found = false;
            for (Finding finding : result.violations()) {
                if (finding.checkId().equals(checkId)) {
                    found = true;
                    if (finding.container() != null) {
                        containers.add(finding.container());
                    }
                }
            }
            if (!found) {
                return null;
            }
            boolean exempted = result.exempt().stream().anyMatch(exempt -> exempt.finding().checkId().equals(checkId));
            return new Target(containers, !exempted);
        }

        @Override
        public boolean includes(ContainerRef container) {
            return container.type() != ContainerType.EPHEMERAL && containers.contains(container.name());
        }
    }
}
