package dev.shipshape.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;

import java.util.List;

/** Test support: HardeningPolicy specs from YAML text, compiled or with their validation problems. */
final class PolicySpecs {

    private static final YAMLMapper YAML = new YAMLMapper();

    private PolicySpecs() {
    }

    /** The spec written as YAML (the content of {@code spec:}); blank text gives an empty spec. */
    static HardeningPolicySpec spec(String yaml) {
        if (yaml.isBlank()) {
            return new HardeningPolicySpec();
        }
        try {
            return YAML.readValue(yaml, HardeningPolicySpec.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("test spec is not a HardeningPolicySpec: " + e.getOriginalMessage(), e);
        }
    }

    static CompiledPolicy compile(String yaml) {
        try {
            return PolicyCompiler.compile("test", spec(yaml));
        } catch (InvalidPolicyException e) {
            throw new AssertionError("expected a valid spec, got:\n" + e.getMessage(), e);
        }
    }

    /** The problems of a spec that must be invalid. */
    static List<String> problems(String yaml) {
        try {
            PolicyCompiler.compile("test", spec(yaml));
        } catch (InvalidPolicyException e) {
            return e.problems().stream().map(FieldProblem::toString).toList();
        }
        throw new AssertionError("expected an invalid spec:\n" + yaml);
    }
}
