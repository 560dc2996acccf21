package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One RFC 6902 operation. Remediations only ever produce {@code add}; a {@code replace} would mean a
 * remediation overrode a value, which the tests forbid.
 *
 * @param op {@code add} or {@code replace}
 * @param path the field, from the root of the object
 * @param value the value to put there
 */
public record JsonPatchOperation(String op, FieldPath path, JsonNode value) {

    public static JsonPatchOperation add(FieldPath path, JsonNode value) {
        return new JsonPatchOperation("add", path, value);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("op", op);
        node.put("path", path.toJsonPointer());
        node.set("value", value);
        return node;
    }
}
