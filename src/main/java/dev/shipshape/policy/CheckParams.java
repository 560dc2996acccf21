package dev.shipshape.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The parameter values a check runs with: the policy's values over the check's defaults. */
public final class CheckParams {

    private final Map<String, String> values;

    private CheckParams(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults of {@code descriptor} overlaid with {@code overrides}, which must already be valid. */
    public static CheckParams of(CheckDescriptor descriptor, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        for (CheckParam param : descriptor.params()) {
            values.put(param.name(), param.defaultValue());
        }
        if (overrides != null) {
            values.putAll(overrides);
        }
        return new CheckParams(values);
    }

    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return value;
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(string(name));
    }

    public List<String> list(String name) {
        return splitList(string(name));
    }

    public Map<String, String> asMap() {
        return values;
    }

    static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
