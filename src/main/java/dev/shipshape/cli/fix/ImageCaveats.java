package dev.shipshape.cli.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a fix assumes about an image that only the image can tell: {@code runAsNonRoot: true} starts only an image
 * whose user is a non-root numeric UID, and {@code readOnlyRootFilesystem: true} starts only an image that writes
 * nowhere but its volumes. Stock images often do neither ({@code nginx} runs as root and writes to
 * {@code /var/cache/nginx}), so every container a fix makes depend on such an assumption gets a line saying what to
 * verify; given a UID, {@code runAsUser} is added beside every {@code runAsNonRoot} the fix added where no UID is set.
 */
final class ImageCaveats {

    private static final String SECURITY_CONTEXT = "securityContext";
    private static final String RUN_AS_NON_ROOT = "runAsNonRoot";
    private static final String RUN_AS_USER = "runAsUser";
    private static final String READ_ONLY_ROOT_FILESYSTEM = "readOnlyRootFilesystem";

    private ImageCaveats() {
    }

    /**
     * @param operations the fix's {@code add} operations, paths from the object root
     * @param verify the lines for people, one per container and assumption
     */
    record Outcome(List<JsonPatchOperation> operations, List<String> verify) {
    }

    /**
     * @param remediated the workload after the fix, whose pod spec the fix changed in place
     * @param operations the fix's operations on it
     * @param filled every leaf the operations add
     * @param runAsUser the UID to add beside an added {@code runAsNonRoot}, or null
     */
    static Outcome review(Workload remediated, List<JsonPatchOperation> operations, Set<FieldPath> filled,
                          Long runAsUser) {
        List<JsonPatchOperation> result = new ArrayList<>(operations);
        List<String> verify = new ArrayList<>();
        if (remediated.isWindows()) {
            return new Outcome(result, verify);
        }
        FieldPath podContext = remediated.podSpecPath().field(SECURITY_CONTEXT);
        boolean podNonRootFilled = filled.contains(podContext.field(RUN_AS_NON_ROOT));
        PodSecurityContext pod = remediated.podSpec().getSecurityContext();
        Long podUid = pod == null ? null : pod.getRunAsUser();
        if (podNonRootFilled && podUid == null && runAsUser != null) {
            pod.setRunAsUser(runAsUser);
            podUid = runAsUser;
            addField(result, podContext, RUN_AS_USER, LongNode.valueOf(runAsUser));
        }
        for (ContainerRef container : remediated.containers()) {
            if (container.type() == ContainerType.EPHEMERAL) {
                continue;
            }
            FieldPath context = container.path().field(SECURITY_CONTEXT);
            SecurityContext own = container.securityContext();
            boolean ownNonRootFilled = filled.contains(context.field(RUN_AS_NON_ROOT));
            boolean inheritsFilledNonRoot = podNonRootFilled && (own == null || own.getRunAsNonRoot() == null);
            Long uid = own != null && own.getRunAsUser() != null ? own.getRunAsUser() : podUid;
            if (ownNonRootFilled && uid == null && runAsUser != null) {
                own.setRunAsUser(runAsUser);
                uid = runAsUser;
                addField(result, context, RUN_AS_USER, LongNode.valueOf(runAsUser));
            }
            if ((ownNonRootFilled || inheritsFilledNonRoot) && uid == null) {
                verify.add(container.describe() + " (" + container.container().getImage() + "): runAsNonRoot: true "
                        + "was added and no runAsUser is set, so the kubelet starts it only if the image's user is "
                        + "a non-root numeric UID: verify the image (its Dockerfile's USER), or pass "
                        + "--run-as-user UID");
            }
            if (filled.contains(context.field(READ_ONLY_ROOT_FILESYSTEM))) {
                verify.add(container.describe() + " (" + container.container().getImage() + "): "
                        + "readOnlyRootFilesystem: true was added, so it can write only to its volumes (/tmp is an "
                        + "emptyDir): verify the image writes nowhere else, or add an emptyDir for each path it writes "
                        + "(nginx, e.g., writes /var/cache/nginx and /var/run)");
            }
        }
        return new Outcome(result, verify);
    }

    /**
     * Adds {@code key: value} to the object at {@code object}: inside the value of the operation that adds that
     * object (or an ancestor of it), or as an operation of its own when the object was there before.
     */
    static void addField(List<JsonPatchOperation> operations, FieldPath object, String key, JsonNode value) {
        List<Object> target = object.segments();
        for (int i = 0; i < operations.size(); i++) {
            JsonPatchOperation operation = operations.get(i);
            List<Object> added = operation.path().segments();
            if (!"add".equals(operation.op()) || added.size() > target.size()
                    || !target.subList(0, added.size()).equals(added)) {
                continue;
            }
            JsonNode copy = operation.value().deepCopy();
            JsonNode inside = copy;
            for (Object segment : target.subList(added.size(), target.size())) {
                inside = segment instanceof Integer position ? inside.path(position) : inside.path((String) segment);
            }
            if (inside instanceof ObjectNode objectNode) {
                objectNode.set(key, value);
                operations.set(i, JsonPatchOperation.add(operation.path(), copy));
                return;
            }
        }
        operations.add(JsonPatchOperation.add(object.field(key), value));
    }
}
