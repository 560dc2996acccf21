package dev.shipshape.workload;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadShape;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns manifests of any supported kind into {@link Workload}s. Objects of other kinds give an empty
 * result: they are not applicable, never an error.
 */
public final class Workloads {

    /** A list or map given as null reads as empty, as Kubernetes reads it, so the checks never meet a null one. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withConfigOverride(List.class, list -> list.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(Map.class, map -> map.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .build();

    private Workloads() {
    }

    /**
     * The workload of a manifest tree (parsed JSON or YAML).
     *
     * @throws InvalidWorkloadException when a field of the pod template or metadata has the wrong type
     */
    public static Optional<Workload> fromTree(JsonNode manifest) throws InvalidWorkloadException {
        return fromTree(manifest, WorkloadKinds.BUILT_IN, true);
    }

    /**
     * The workload of a manifest tree of any of {@code kinds}.
     *
     * @throws InvalidWorkloadException when a field of the pod template or metadata has the wrong type
     */
    public static Optional<Workload> fromTree(JsonNode manifest, WorkloadKinds kinds) throws InvalidWorkloadException {
        return fromTree(manifest, kinds, true);
    }

    /**
     * The workload of a manifest tree with an empty pod spec: its identity, labels and annotations, enough to
     * match policies, read without converting the containers.
     *
     * @throws InvalidWorkloadException when a field of the metadata has the wrong type
     */
    public static Optional<Workload> withoutPodSpec(JsonNode manifest, WorkloadKinds kinds)
            throws InvalidWorkloadException {
        return fromTree(manifest, kinds, false);
    }

    /** Init, regular and ephemeral containers in a manifest tree's pod spec, counted without reading them. */
    public static int containerCount(JsonNode manifest, WorkloadKinds kinds) {
        if (manifest == null || !manifest.isObject()) {
            return 0;
        }
        Optional<WorkloadShape> kind = kinds.of(text(manifest.get("apiVersion")), text(manifest.get("kind")));
        JsonNode podSpec = kind.map(workloadKind -> at(manifest, workloadKind.podSpecPath())).orElse(null);
        if (podSpec == null || !podSpec.isObject()) {
            return 0;
        }
        int count = 0;
        for (ContainerType type : ContainerType.values()) {
            JsonNode containers = podSpec.get(type.field());
            count += containers != null && containers.isArray() ? containers.size() : 0;
        }
        return count;
    }

    private static Optional<Workload> fromTree(JsonNode manifest, WorkloadKinds kinds, boolean withPodSpec)
            throws InvalidWorkloadException {
        if (manifest == null || !manifest.isObject()) {
            return Optional.empty();
        }
        Optional<WorkloadShape> kind = kinds.of(text(manifest.get("apiVersion")), text(manifest.get("kind")));
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        WorkloadShape workloadKind = kind.get();
        ObjectMeta metadata = convert(manifest.get("metadata"), FieldPath.of("metadata"), ObjectMeta.class);
        ObjectMeta podMetadata = workloadKind == WorkloadKind.POD
                ? metadata
                : convert(at(manifest, workloadKind.podMetadataPath()), workloadKind.podMetadataPath(), ObjectMeta.class);
        PodSpec podSpec = withPodSpec
                ? convert(at(manifest, workloadKind.podSpecPath()), workloadKind.podSpecPath(), PodSpec.class)
                : null;
        return Optional.of(build(workloadKind, text(manifest.get("apiVersion")), metadata, podMetadata, podSpec));
    }

    /**
     * The workload of a typed object, without copying its pod spec: remediating the result changes
     * {@code object}. Other kinds, including generic resources, go through {@link #fromTree}.
     */
    public static Optional<Workload> fromObject(HasMetadata object) throws InvalidWorkloadException {
        return fromObject(object, WorkloadKinds.BUILT_IN);
    }

    /**
     * The workload of a typed object of a built-in kind, as {@link #fromObject(HasMetadata)}, or of a generic
     * resource of any of {@code kinds}.
     */
    public static Optional<Workload> fromObject(HasMetadata object, WorkloadKinds kinds)
            throws InvalidWorkloadException {
        Optional<WorkloadKind> kind = WorkloadKind.of(object.getApiVersion(), object.getKind());
        if (kind.isEmpty()) {
            return kinds.of(object.getApiVersion(), object.getKind()).isEmpty() ? Optional.empty()
                    : fromTree(MAPPER.valueToTree(object), kinds);
        }
        Optional<PodTemplateSpec> template = kind.get().typedTemplate(object);
        if (template.isEmpty()) {
            return fromTree(MAPPER.valueToTree(object));
        }
        return Optional.of(build(kind.get(), object.getApiVersion(), object.getMetadata(),
                template.get().getMetadata(), template.get().getSpec()));
    }

    private static Workload build(WorkloadShape kind, String apiVersion, ObjectMeta metadata, ObjectMeta podMetadata,
                                  PodSpec podSpec) {
        ObjectMeta meta = metadata == null ? new ObjectMeta() : metadata;
        String name = meta.getName() != null ? meta.getName()
                : meta.getGenerateName() != null ? meta.getGenerateName() : "";
        WorkloadRef ref = new WorkloadRef(apiVersion, kind.kind(), meta.getNamespace(), name);
        return new Workload(ref, orEmpty(meta.getLabels()), orEmpty(meta.getAnnotations()), podMetadata, podSpec,
                kind.podMetadataPath(), kind.podSpecPath(), kind.batch());
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static JsonNode at(JsonNode root, FieldPath path) {
        JsonNode node = root;
        for (Object segment : path.segments()) {
            if (node == null || node.isNull()) {
                return null;
            }
            node = node.get((String) segment);
        }
        return node;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static <T> T convert(JsonNode node, FieldPath at, Class<T> type) throws InvalidWorkloadException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidWorkloadException(at, "expected an object, got " + describe(node));
        }
        rejectNullItems(node, at);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            FieldPath field = at;
            for (JsonMappingException.Reference reference : e.getPath()) {
                field = reference.getFieldName() != null ? field.field(reference.getFieldName())
                        : field.index(reference.getIndex());
            }
            throw new InvalidWorkloadException(field, problem(e));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidWorkloadException(at, e.getMessage());
        }
    }

    /** A null list item would be a null container, volume or string, which no check expects; Kubernetes stores none. */
    private static void rejectNullItems(JsonNode node, FieldPath at) throws InvalidWorkloadException {
        List<Object> segments = firstNullItem(node);
        if (segments != null) {
            FieldPath field = at;
            for (int i = segments.size() - 1; i >= 0; i--) {
                Object segment = segments.get(i);
                field = segment instanceof Integer index ? field.index(index) : field.field((String) segment);
            }
            throw new InvalidWorkloadException(field, "a list item must not be null");
        }
    }

    /** The path from {@code node} to its first null list item, innermost segment first, or null when it has none. */
    private static List<Object> firstNullItem(JsonNode node) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                List<Object> below = item.isNull() ? new ArrayList<>()
                        : item.isContainerNode() ? firstNullItem(item) : null;
                if (below != null) {
                    below.add(i);
                    return below;
                }
            }
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            List<Object> below = field.getValue().isContainerNode() ? firstNullItem(field.getValue()) : null;
            if (below != null) {
                below.add(field.getKey());
                return below;
            }
        }
        return null;
    }

    private static String problem(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            return "expected " + typeName(mismatch.getTargetType()) + shortDetail(message);
        }
        return message == null ? "invalid value" : message.lines().findFirst().orElse(message);
    }

    private static String shortDetail(String message) {
        if (message == null) {
            return "";
        }
        int from = message.indexOf("from ");
        int colon = message.indexOf(':');
        if (from >= 0 && colon > from) {
            return " (cannot read it " + message.substring(from, colon).replace("from ", "from a ") + ")";
        }
        return "";
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a map";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "the string \"" + node.asText() + "\"";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    }
}
