package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.policy.FieldProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyReviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String VALID = """
            {"mode": "Enforce", "checks": [{"id": "run-as-non-root", "severity": "high"}],
             "match": {"namespaces": ["shop-*"]}}""";
    private static final String TWO_PROBLEMS = """
            {"mode": "Enforce", "checks": [{"id": "run-as-nonroot"}], "match": {"namespaces": ["shop["]}}""";

    static Stream<Arguments> reviews() {
        return Stream.of(
                // description, operation, object's spec, old object's spec (UPDATE), "deleting", expected problems
                arguments("a valid policy", "CREATE", VALID, null, false, List.of()),
                arguments("no spec: every default", "CREATE", null, null, false, List.of()),
                arguments("a typo in a check id and a bad glob, every problem with its path", "CREATE",
                        TWO_PROBLEMS, null, false, List.of(
                                "spec.match.namespaces[0]: \"shop[\" uses '[' at position 4; only '*' and '?' are "
                                        + "supported as wildcards",
                                "spec.checks[0].id: unknown check \"run-as-nonroot\" (did you mean "
                                        + "\"run-as-non-root\"?)")),
                arguments("a field of the wrong type", "CREATE", """
                        {"match": {"namespaces": "shop"}}""", null, false,
                        List.of("spec.match.namespaces: expected a list")),
                arguments("an unknown mode", "CREATE", """
                        {"mode": "Block"}""", null, false,
                        List.of("spec.mode: must be one of Enforce, Warn, Audit, got \"Block\"")),
                arguments("an update that breaks a valid policy", "UPDATE", TWO_PROBLEMS, VALID, false,
                        List.of(
                                "spec.match.namespaces[0]: \"shop[\" uses '[' at position 4; only '*' and '?' are "
                                        + "supported as wildcards",
                                "spec.checks[0].id: unknown check \"run-as-nonroot\" (did you mean "
                                        + "\"run-as-non-root\"?)")),
                arguments("an update of an invalid policy's metadata only (a finalizer, a label)", "UPDATE",
                        TWO_PROBLEMS, TWO_PROBLEMS, false, List.of()),
                arguments("an update that fixes an invalid policy", "UPDATE", VALID, TWO_PROBLEMS, false, List.of()),
                arguments("an invalid policy being deleted", "UPDATE", """
                        {"checks": [{"id": "run-as-nonroot"}], "mode": "Warn"}""", TWO_PROBLEMS, true, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void reviews(String description, String operation, String spec, String oldSpec, boolean deleting,
                 List<String> expected) throws Exception {
        AdmissionRequest request = new AdmissionRequest("uid-1", operation, "shipshape.dev", "hardeningpolicies", "",
                "", policy(spec, deleting), oldSpec == null ? null : policy(oldSpec, false), false);

        assertThat(PolicyReview.problems(request)).map(FieldProblem::toString)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "a {0} is not judged")
    @MethodSource("otherObjects")
    void otherObjectsAreNotJudged(String kind) throws Exception {
        JsonNode object = JSON.readTree("""
                {"apiVersion": "v1", "kind": "%s", "metadata": {"name": "x"}, "spec": {"mode": "Block"}}"""
                .formatted(kind));
        AdmissionRequest request = new AdmissionRequest("uid-1", "CREATE", "", "pods", "", "shop", object, null,
                false);

        assertThat(PolicyReview.problems(request)).isEmpty();
    }

    static Stream<String> otherObjects() {
        return Stream.of("Pod", "Deployment", "");
    }

    private static JsonNode policy(String spec, boolean deleting) throws Exception {
        return JSON.readTree("""
                {"apiVersion": "shipshape.dev/v1alpha1", "kind": "HardeningPolicy",
                 "metadata": {"name": "strict"%s}%s}""".formatted(
                deleting ? ", \"deletionTimestamp\": \"2026-12-02T10:00:00Z\"" : "",
                spec == null ? "" : ", \"spec\": " + spec));
    }
}
