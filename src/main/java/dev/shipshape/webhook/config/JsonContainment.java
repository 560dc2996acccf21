package dev.shipshape.webhook.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Whether an object read from the API server already has every field of a desired object. Fields only the
 * server has (defaults, status, metadata it sets) do not count; arrays must have the same length and contain
 * their desired elements in order.
 */
final class JsonContainment {

    private JsonContainment() {
    }

    static boolean contains(JsonNode actual, JsonNode desired) {
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode actualValue = actual.get(field.getKey());
                if (actualValue == null || !contains(actualValue, field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray() || actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(actual.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return desired.equals(actual);
    }
}
