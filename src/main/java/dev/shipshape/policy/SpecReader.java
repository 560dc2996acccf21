package dev.shipshape.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the {@code spec} of a HardeningPolicy or a HardeningExemption from JSON, naming the field and what it should
 * be when it cannot: an unknown field with the known ones, an enum value with the allowed ones, a wrong type with the
 * expected one. The CLI reads policy and exemption files with it and the admission webhook the objects being applied.
 */
public final class SpecReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final FieldPath SPEC = FieldPath.of("spec");

    private SpecReader() {
    }

    /**
     * @param spec the {@code spec} field, or null when the object has none (all defaults)
     * @param empty the spec of an object without one
     * @throws InvalidPolicyException with the one field that could not be read
     */
    public static <T> T read(JsonNode spec, Class<T> type, Supplier<T> empty) throws InvalidPolicyException {
        if (spec == null || spec.isNull() || spec.isMissingNode()) {
            return empty.get();
        }
        try {
            return MAPPER.treeToValue(spec, type);
        } catch (JsonMappingException e) {
            FieldPath field = SPEC;
            for (JsonMappingException.Reference reference : e.getPath()) {
                field = reference.getFieldName() != null ? field.field(reference.getFieldName())
                        : field.index(reference.getIndex());
            }
            throw new InvalidPolicyException(List.of(new FieldProblem(field, describe(e))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidPolicyException(List.of(new FieldProblem(SPEC, e.getMessage())));
        }
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + unknown.getPropertyName() + "\" (known: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "))
                    + ", got \"" + invalid.getValue() + "\"";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + typeName(mismatch.getTargetType());
        }
        String message = e.getOriginalMessage();
        return message == null ? "invalid value" : message.lines().findFirst().orElse(message);
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a map";
    }
}
