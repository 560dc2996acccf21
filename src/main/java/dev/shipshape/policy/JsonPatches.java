package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Applies remediation patches to a JSON tree, creating missing parent objects. */
public final class JsonPatches {

    private JsonPatches() {
    }

    /** Applies {@code operations} to {@code root} in place. */
    public static void apply(ObjectNode root, List<JsonPatchOperation> operations) {
        for (JsonPatchOperation operation : operations) {
            List<Object> segments = operation.path().segments();
            JsonNode parent = root;
            for (int i = 0; i < segments.size() - 1; i++) {
                parent = child(parent, segments.get(i), segments.get(i + 1) instanceof Integer);
            }
            Object last = segments.get(segments.size() - 1);
            if (last instanceof Integer index) {
                ArrayNode array = (ArrayNode) parent;
                if (index >= array.size()) {
                    array.add(operation.value().deepCopy());
                } else if ("add".equals(operation.op())) {
                    array.insert(index, operation.value().deepCopy());
                } else {
                    array.set(index, operation.value().deepCopy());
                }
            } else {
                ((ObjectNode) parent).set((String) last, operation.value().deepCopy());
            }
        }
    }

    private static JsonNode child(JsonNode parent, Object segment, boolean arrayExpected) {
        if (segment instanceof Integer index) {
            return parent.get(index);
        }
        ObjectNode object = (ObjectNode) parent;
        JsonNode existing = object.get((String) segment);
        if (existing == null || existing.isNull()) {
            return arrayExpected ? object.putArray((String) segment) : object.putObject((String) segment);
        }
        return existing;
    }
}
