package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.api.v1alpha1.DelegatedExemptions;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
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
                arguments("delegated exemptions that list checks both ways, one unknown, a bad glob and 0 days",
                        "CREATE", """
                        {"delegatedExemptions": {"namespaces": ["team-["], "checks": ["resource-limits"],
                         "allChecksBut": ["privilegd"], "maxDays": 0}}""", null, false, List.of(
                                "spec.delegatedExemptions.namespaces[0]: \"team-[\" uses '[' at position 5; only '*' "
                                        + "and '?' are supported as wildcards",
                                "spec.delegatedExemptions.allChecksBut[0]: unknown check \"privilegd\" (did you mean "
                                        + "\"privileged\"?)",
                                "spec.delegatedExemptions.allChecksBut: must be empty when checks lists the only "
                                        + "checks that may be exempted",
                                "spec.delegatedExemptions.maxDays: must be at least 1, got 0")),
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

        assertThat(PolicyReview.problems(request, List.of())).map(FieldProblem::toString)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    static Stream<Arguments> exemptions() {
        return Stream.of(
                // description, namespace, exemption's spec, expected problems
                arguments("asked of a delegating policy, within what it allows", "shop", """
                        {"policies": ["delegating"], "checks": ["read-only-root-filesystem"],
                         "workloads": ["legacy-*"], "reason": "writes to /var/cache", "expires": "2026-12-20T00:00:00Z"}
                        """, List.of()),
                arguments("selected by label", "shop", """
                        {"policySelector": {"matchLabels": {"team": "platform"}}, "checks": ["resource-limits"],
                         "reason": "sized later", "expires": "2026-12-20T00:00:00Z"}""", List.of()),
                arguments("a check the policy keeps", "shop", """
                        {"policies": ["delegating"], "checks": ["privileged"], "reason": "r",
                         "expires": "2026-12-20T00:00:00Z"}""",
                        List.of("spec.policies: HardeningPolicy delegating refuses it: check privileged is in its "
                                + "delegatedExemptions.allChecksBut [privileged, host-namespaces]")),
                arguments("another namespace, too long, and a policy that delegates nothing", "payments", """
                        {"policies": ["delegating", "strict"], "checks": ["resource-limits"], "reason": "r",
                         "expires": "2027-06-01T00:00:00Z"}""",
                        List.of("spec.policies: HardeningPolicy delegating refuses it: namespace payments is not in "
                                        + "its delegatedExemptions.namespaces [shop, team-*]; expires "
                                        + "2027-06-01T00:00:00Z is more than 30 days after 2026-12-02T10:00:00Z",
                                "spec.policies: HardeningPolicy strict delegates no exemptions (it has no "
                                        + "spec.delegatedExemptions)")),
                arguments("a policy that does not exist", "shop", """
                        {"policies": ["nonexistent"], "checks": ["resource-limits"], "reason": "r",
                         "expires": "2026-12-20T00:00:00Z"}""",
                        List.of("spec.policies: no valid HardeningPolicy nonexistent exists")),
                arguments("a selector that selects nothing", "shop", """
                        {"policySelector": {"matchLabels": {"team": "nobody"}}, "checks": ["resource-limits"],
                         "reason": "r", "expires": "2026-12-20T00:00:00Z"}""",
                        List.of("spec.policySelector: selects no HardeningPolicy")),
                arguments("an invalid spec: every problem with its path", "shop", """
                        {"checks": ["run-as-nonroot"], "workloads": ["legacy["], "reason": " ",
                         "expires": "next week"}""",
                        List.of("spec.policies: name the policies to be honoured by, or set policySelector",
                                "spec.checks[0]: unknown check \"run-as-nonroot\" (did you mean \"run-as-non-root\"?)",
                                "spec.workloads[0]: \"legacy[\" uses '[' at position 6; only '*' and '?' are "
                                        + "supported as wildcards",
                                "spec.reason: required",
                                "spec.expires: not an RFC 3339 date-time: \"next week\" (e.g. 2027-01-31T00:00:00Z)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void exemptions(String description, String namespace, String spec, List<String> expected) throws Exception {
        JsonNode exemption = JSON.readTree("""
                {"apiVersion": "shipshape.dev/v1alpha1", "kind": "HardeningExemption",
                 "metadata": {"name": "legacy", "namespace": "%s", "creationTimestamp": "2026-12-02T10:00:00Z"},
                 "spec": %s}""".formatted(namespace, spec));
        AdmissionRequest request = new AdmissionRequest("uid-1", "CREATE", "shipshape.dev", "hardeningexemptions",
                "", namespace, exemption, null, false);

        assertThat(PolicyReview.problems(request, POLICIES)).map(FieldProblem::toString)
                .containsExactlyInAnyOrderElementsOf(expected);
        boolean specProblems = description.startsWith("an invalid spec");
        assertThat(PolicyReview.problems(request, null)).as("with the policies not known yet, the spec alone")
                .map(FieldProblem::toString)
                .containsExactlyInAnyOrderElementsOf(specProblems ? expected : List.of());
    }

    private static final List<LabelledPolicy> POLICIES = policies();

    private static List<LabelledPolicy> policies() {
        try {
            HardeningPolicySpec delegating = new HardeningPolicySpec();
            DelegatedExemptions delegated = new DelegatedExemptions();
            delegated.setNamespaces(List.of("shop", "team-*"));
            delegated.setAllChecksBut(List.of("privileged", "host-namespaces"));
            delegating.setDelegatedExemptions(delegated);
            return List.of(new LabelledPolicy(PolicyCompiler.compile("delegating", delegating),
                            Map.of("team", "platform")),
                    new LabelledPolicy(PolicyCompiler.compile("strict", new HardeningPolicySpec()), Map.of()));
        } catch (InvalidPolicyException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "a {0} is not judged")
    @MethodSource("otherObjects")
    void otherObjectsAreNotJudged(String kind) throws Exception {
        JsonNode object = JSON.readTree("""
                {"apiVersion": "v1", "kind": "%s", "metadata": {"name": "x"}, "spec": {"mode": "Block"}}"""
                .formatted(kind));
        AdmissionRequest request = new AdmissionRequest("uid-1", "CREATE", "", "pods", "", "shop", object, null,
                false);

        assertThat(PolicyReview.problems(request, List.of())).isEmpty();
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
