package dev.shipshape.policy;

import dev.shipshape.policy.checks.CheckFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.shipshape.policy.PolicySpecs.compile;
import static dev.shipshape.policy.PolicySpecs.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyCompilerTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: registry.example.com/shop/web:1.4.2
            """;

    private static List<String> ids(CompiledPolicy policy) {
        return policy.checks().stream().map(ActiveCheck::id).toList();
    }

    private static ActiveCheck active(CompiledPolicy policy, String id) {
        return policy.checks().stream().filter(check -> check.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not active"));
    }

    private static List<String> findingChecks(CompiledPolicy policy, String manifest) {
        return PolicyEvaluator.findings(policy, CheckFixtures.workload(manifest)).stream()
                .map(Finding::checkId).toList();
    }

    @Test
    void emptySpecRunsTheHardenedProfileAtDefaultSeverities() {
        CompiledPolicy policy = compile("");

        assertThat(policy.name()).isEqualTo("test");
        assertThat(policy.profile()).isEqualTo(Profile.HARDENED);
        assertThat(policy.denySeverity()).isEqualTo(Severity.LOW);
        assertThat(ids(policy)).isEqualTo(ids(CompiledPolicy.forProfile(Profile.HARDENED))).isNotEmpty();
        assertThat(policy.checks()).allSatisfy(
                active -> assertThat(active.severity()).isEqualTo(active.check().descriptor().severity()));
        assertThat(policy.exemptions().isEmpty()).isTrue();
        assertThat(policy.allowAnnotationExemptions()).isFalse();
    }

    @Test
    void nullSpecIsTheEmptySpec() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyCompiler.compile("defaults", null);

        assertThat(policy.profile()).isEqualTo(Profile.HARDENED);
        assertThat(ids(policy)).isEqualTo(ids(compile("")));
    }

    @Test
    void explicitNullsKeepTheDefaults() {
        CompiledPolicy policy = compile("""
                profile: null
                denySeverity: null
                match: null
                checks: null
                exemptions: null
                """);

        assertThat(policy.profile()).isEqualTo(Profile.HARDENED);
        assertThat(policy.denySeverity()).isEqualTo(Severity.LOW);
        assertThat(ids(policy)).isEqualTo(ids(compile("")));
    }

    @Test
    void profileAndDenySeverityAreTakenFromTheSpec() {
        CompiledPolicy policy = compile("""
                profile: baseline
                denySeverity: high
                allowAnnotationExemptions: true
                """);

        assertThat(policy.profile()).isEqualTo(Profile.BASELINE);
        assertThat(policy.denySeverity()).isEqualTo(Severity.HIGH);
        assertThat(policy.allowAnnotationExemptions()).isTrue();
        assertThat(ids(policy)).isEqualTo(ids(CompiledPolicy.forProfile(Profile.BASELINE)))
                .contains("privileged").doesNotContain("run-as-non-root", "resource-limits");
    }

    @Test
    void severityOverrideAppliesToTheCheckAndItsFindings() {
        CompiledPolicy policy = compile("""
                checks:
                - {id: image-tag-pinned, severity: critical}
                """);

        assertThat(CheckCatalog.find("image-tag-pinned").orElseThrow().descriptor().severity())
                .isNotEqualTo(Severity.CRITICAL);
        assertThat(active(policy, "image-tag-pinned").severity()).isEqualTo(Severity.CRITICAL);
        List<Finding> findings = PolicyEvaluator.findings(policy, CheckFixtures.workload(
                DEPLOYMENT.replace(":1.4.2", ":latest")));
        assertThat(findings).filteredOn(finding -> finding.checkId().equals("image-tag-pinned"))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void disabledCheckDoesNotRun() {
        CompiledPolicy policy = compile("""
                checks:
                - {id: liveness-probe, disabled: true}
                """);

        assertThat(ids(policy)).doesNotContain("liveness-probe").contains("readiness-probe");
        assertThat(findingChecks(policy, DEPLOYMENT)).doesNotContain("liveness-probe").contains("readiness-probe");
    }

    @Test
    void overrideOfACheckOutsideTheProfileAddsIt() {
        CompiledPolicy policy = compile("""
                profile: baseline
                checks:
                - {id: image-tag-pinned, params: {requireDigest: "true"}}
                - {id: resource-limits, disabled: true}
                """);

        assertThat(ids(policy)).contains("image-tag-pinned").doesNotContain("resource-limits");
        assertThat(ids(policy)).hasSize(ids(CompiledPolicy.forProfile(Profile.BASELINE)).size() + 1);
    }

    @Test
    void paramsConfigureTheCheck() {
        CompiledPolicy byDefault = compile("");
        CompiledPolicy requireDigest = compile("""
                checks:
                - {id: image-tag-pinned, params: {requireDigest: "true"}}
                """);

        assertThat(findingChecks(byDefault, DEPLOYMENT)).doesNotContain("image-tag-pinned");
        assertThat(findingChecks(requireDigest, DEPLOYMENT)).contains("image-tag-pinned");
        assertThat(findingChecks(requireDigest, DEPLOYMENT.replace(":1.4.2", "@sha256:" + "a".repeat(64))))
                .doesNotContain("image-tag-pinned");
    }

    @Test
    void podSecurityVersionPinsEveryBaselineAndRestrictedControl() {
        String rootInUserNamespace = DEPLOYMENT.replace("    spec:\n", "    spec:\n      hostUsers: false\n"
                + "      securityContext: {runAsUser: 0}\n");
        assertThat(rootInUserNamespace).contains("hostUsers: false");

        assertThat(findingChecks(compile(""), rootInUserNamespace)).doesNotContain("run-as-user");
        assertThat(findingChecks(compile("podSecurityVersion: latest"), rootInUserNamespace))
                .doesNotContain("run-as-user");
        assertThat(findingChecks(compile("podSecurityVersion: v1.34"), rootInUserNamespace)).contains("run-as-user");
        assertThat(findingChecks(compile("podSecurityVersion: v1.22"), rootInUserNamespace))
                .doesNotContain("run-as-user");
        assertThat(ids(compile("podSecurityVersion: v1.22"))).doesNotContain("run-as-user", "host-probes-lifecycle")
                .contains("capabilities-drop-all");
        assertThat(ids(compile("podSecurityVersion: v1.21"))).doesNotContain("capabilities-drop-all")
                .contains("capabilities-baseline");
    }

    @Test
    void exemptionsAreCompiledInOrderWithTheirExpiry() {
        CompiledPolicy policy = compile("""
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: ["legacy-*"]
                  workloads: ["postgres-*"]
                  containers: [db]
                  images: ["docker.io/library/postgres:*"]
                  reason: vendor image writes to its data dir
                  expires: "2027-01-31T00:00:00Z"
                - workloads: [debug]
                  reason: debugging session
                  expires: 2027-01-31T01:00:00.5+01:00
                """);

        assertThat(policy.exemptions().all()).containsExactly(
                new Exemption(0, List.of("read-only-root-filesystem"), List.of("legacy-*"), List.of("postgres-*"),
                        List.of("db"), List.of("docker.io/library/postgres:*"), "vendor image writes to its data dir",
                        Instant.parse("2027-01-31T00:00:00Z")),
                new Exemption(1, List.of(), List.of(), List.of("debug"), List.of(), List.of(), "debugging session",
                        Instant.parse("2027-01-31T00:00:00.5Z")));
    }

    @Test
    void exemptionWithoutExpiryNeverExpires() {
        Exemption exemption = compile("""
                exemptions:
                - {checks: [privileged], reason: CNI plugin}
                """).exemptions().all().get(0);

        assertThat(exemption.expires()).isNull();
        assertThat(exemption.expiredAt(NOW.plusSeconds(100L * 365 * 24 * 3600))).isFalse();
    }

    @Test
    void designDocumentExampleCompiles() {
        CompiledPolicy policy = compile("""
                profile: hardened
                mode: Enforce
                denySeverity: low
                match:
                  namespaces: ["*"]
                  excludedNamespaces: ["kube-system"]
                  namespaceSelector: {}
                  objectSelector: {}
                  kinds: []
                checks:
                - {id: resource-limits, severity: medium}
                - {id: image-tag-pinned, params: {requireDigest: "true"}}
                - {id: liveness-probe, disabled: true}
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: ["legacy-*"]
                  workloads: ["postgres-*"]
                  containers: []
                  images: []
                  reason: "vendor image writes to its data dir"
                  expires: "2027-01-31T00:00:00Z"
                allowAnnotationExemptions: false
                remediation:
                  admission: None
                  existing: None
                """);

        assertThat(ids(policy)).contains("resource-limits", "image-tag-pinned").doesNotContain("liveness-probe");
        assertThat(active(policy, "resource-limits").severity()).isEqualTo(Severity.MEDIUM);
        assertThat(policy.exemptions().all()).hasSize(1);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                arguments("checks: [{id: privilegd}]",
                        "spec.checks[0].id: unknown check \"privilegd\" (did you mean \"privileged\"?)"),
                arguments("checks: [{id: zzzz}]",
                        "spec.checks[0].id: unknown check \"zzzz\""),
                arguments("checks: [{severity: low}]",
                        "spec.checks[0].id: required"),
                arguments("checks: [null]",
                        "spec.checks[0]: must be an object with an id"),
                arguments("checks: [{id: privileged}, {id: liveness-probe}, {id: privileged, severity: low}]",
                        "spec.checks[2].id: duplicate override of \"privileged\", already configured by spec.checks[0]"),
                arguments("checks: [{id: image-tag-pinned, params: {requireDigest: \"yes\"}}]",
                        "spec.checks[0].params.requireDigest: must be \"true\" or \"false\", got \"yes\""),
                arguments("checks: [{id: image-tag-pinned, params: {foo: bar}}]",
                        "spec.checks[0].params.foo: unknown parameter for image-tag-pinned (known: requireDigest)"),
                arguments("checks: [{id: privileged, params: {foo: bar}}]",
                        "spec.checks[0].params.foo: unknown parameter for privileged (it has no parameters)"),
                arguments("checks: [{id: resource-limits, params: {resources: \"cpu,gpu\"}}]",
                        "spec.checks[0].params.resources: unknown item \"gpu\"; allowed: cpu, memory, ephemeral-storage"),
                arguments("checks: [{id: sysctls, params: {version: \"v1.30\"}}]",
                        "spec.checks[0].params.version: unknown parameter for sysctls (it has no parameters); the Pod "
                                + "Security Standards version is set for the whole policy in spec.podSecurityVersion"),
                arguments("podSecurityVersion: \"1.30\"",
                        "spec.podSecurityVersion: must be \"latest\" or a Kubernetes version \"v1.N\" (e.g. \"v1.33\"), "
                                + "got \"1.30\""),
                arguments("exemptions: [{checks: [privileged]}]",
                        "spec.exemptions[0].reason: required"),
                arguments("exemptions: [{checks: [privileged], reason: \" \"}]",
                        "spec.exemptions[0].reason: required"),
                arguments("exemptions: [{checks: [privileged], reason: r, expires: tomorrow}]",
                        "spec.exemptions[0].expires: not an RFC 3339 date-time: \"tomorrow\" (e.g. 2027-01-31T00:00:00Z)"),
                arguments("exemptions: [{checks: [privileged], reason: r, expires: \"2027-01-31\"}]",
                        "spec.exemptions[0].expires: not an RFC 3339 date-time: \"2027-01-31\" (e.g. 2027-01-31T00:00:00Z)"),
                arguments("exemptions: [{checks: [privileged], reason: r, expires: \"2027-02-30T00:00:00Z\"}]",
                        "spec.exemptions[0].expires: not an RFC 3339 date-time: \"2027-02-30T00:00:00Z\" "
                                + "(e.g. 2027-01-31T00:00:00Z)"),
                arguments("exemptions: [{checks: [privileged], reason: r, expires: \"2027-01-31T00:00:00\"}]",
                        "spec.exemptions[0].expires: not an RFC 3339 date-time: \"2027-01-31T00:00:00\" "
                                + "(e.g. 2027-01-31T00:00:00Z)"),
                arguments("exemptions: [{checks: [privileged, privilegd], reason: r}]",
                        "spec.exemptions[0].checks[1]: unknown check \"privilegd\" (did you mean \"privileged\"?)"),
                arguments("exemptions: [{checks: [\"\"], reason: r}]",
                        "spec.exemptions[0].checks[0]: must not be empty"),
                arguments("exemptions: [{reason: everything}]",
                        "spec.exemptions[0]: would exempt every finding of every workload; list checks or set "
                                + "namespaces, workloads, containers or images"),
                arguments("exemptions: [null]",
                        "spec.exemptions[0]: must be an object with a reason"),
                arguments("exemptions: [{workloads: [\"web[0-9]\"], reason: r}]",
                        "spec.exemptions[0].workloads[0]: \"web[0-9]\" uses '[' at position 3; only '*' and '?' "
                                + "are supported as wildcards"),
                arguments("exemptions: [{images: [\"\"], reason: r}]",
                        "spec.exemptions[0].images[0]: must not be empty"),
                arguments("exemptions: [{containers: [\"a b\"], reason: r}]",
                        "spec.exemptions[0].containers[0]: \"a b\" contains whitespace or a control character at "
                                + "position 1"),
                arguments("exemptions: [{namespaces: [\"!prod\"], reason: r}]",
                        "spec.exemptions[0].namespaces[0]: \"!prod\" uses '!' at position 0; only '*' and '?' are "
                                + "supported as wildcards"),
                arguments("match: {namespaces: [\"\"]}",
                        "spec.match.namespaces[0]: must not be empty"),
                arguments("match: {excludedNamespaces: [\"kube system\"]}",
                        "spec.match.excludedNamespaces[0]: \"kube system\" contains whitespace or a control "
                                + "character at position 4"),
                arguments("match: {kinds: [Deployment, Deploymnet]}",
                        "spec.match.kinds[1]: unknown kind \"Deploymnet\" (known: Pod, Deployment, StatefulSet, "
                                + "DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)"),
                arguments("match: {namespaceSelector: {matchExpressions: [{key: env, operator: Is, values: [prod]}]}}",
                        "spec.match.namespaceSelector.matchExpressions[0].operator: unknown operator \"Is\" "
                                + "(In, NotIn, Exists, DoesNotExist)"),
                arguments("match: {namespaceSelector: {matchExpressions: [{key: env}]}}",
                        "spec.match.namespaceSelector.matchExpressions[0].operator: required "
                                + "(In, NotIn, Exists, DoesNotExist)"),
                arguments("match: {namespaceSelector: {matchExpressions: [{operator: Exists}]}}",
                        "spec.match.namespaceSelector.matchExpressions[0].key: required"),
                arguments("match: {objectSelector: {matchExpressions: [{key: env, operator: In}]}}",
                        "spec.match.objectSelector.matchExpressions[0].values: required for operator In"),
                arguments("match: {objectSelector: {matchExpressions: [{key: env, operator: NotIn, values: []}]}}",
                        "spec.match.objectSelector.matchExpressions[0].values: required for operator NotIn"),
                arguments("match: {objectSelector: {matchExpressions: [{key: env, operator: Exists, values: [a]}]}}",
                        "spec.match.objectSelector.matchExpressions[0].values: must be empty for operator Exists"),
                arguments("match: {objectSelector: {matchExpressions: [{key: env, operator: DoesNotExist, "
                                + "values: [a]}]}}",
                        "spec.match.objectSelector.matchExpressions[0].values: must be empty for operator "
                                + "DoesNotExist"),
                arguments("match: {objectSelector: {matchExpressions: [{key: env, operator: In, "
                                + "values: [prod, \"-staging\"]}]}}",
                        "spec.match.objectSelector.matchExpressions[0].values[1]: invalid label value \"-staging\": "
                                + "must have at most 63 characters: alphanumerics, '-', '_' and '.', starting and "
                                + "ending with an alphanumeric"),
                arguments("match: {objectSelector: {matchLabels: {\"bad key\": x}}}",
                        "spec.match.objectSelector.matchLabels['bad key']: invalid label key \"bad key\": name must "
                                + "have at most 63 characters: alphanumerics, '-', '_' and '.', starting and ending "
                                + "with an alphanumeric"),
                arguments("match: {objectSelector: {matchLabels: {app: \"web_\"}}}",
                        "spec.match.objectSelector.matchLabels.app: invalid label value \"web_\": must have at most "
                                + "63 characters: alphanumerics, '-', '_' and '.', starting and ending with an "
                                + "alphanumeric"),
                arguments("match: {objectSelector: {matchLabels: {app: \"" + "a".repeat(64) + "\"}}}",
                        "spec.match.objectSelector.matchLabels.app: invalid label value \"" + "a".repeat(64)
                                + "\": must have at most 63 characters: alphanumerics, '-', '_' and '.', starting "
                                + "and ending with an alphanumeric"),
                arguments("match: {objectSelector: {matchLabels: {\"Example.com/app\": web}}}",
                        "spec.match.objectSelector.matchLabels['Example.com/app']: invalid label key "
                                + "\"Example.com/app\": prefix must be a DNS subdomain of at most 253 characters: "
                                + "lowercase alphanumerics, '-' and '.', starting and ending with an alphanumeric"),
                arguments("match: {objectSelector: {matchLabels: {\"/app\": web}}}",
                        "spec.match.objectSelector.matchLabels['/app']: invalid label key \"/app\": prefix before "
                                + "'/' must not be empty"),
                arguments("match: {objectSelector: {matchLabels: {\"example.com/\": web}}}",
                        "spec.match.objectSelector.matchLabels['example.com/']: invalid label key \"example.com/\": "
                                + "name must not be empty"),
                arguments("match: {objectSelector: {matchLabels: {\"a/b/c\": web}}}",
                        "spec.match.objectSelector.matchLabels['a/b/c']: invalid label key \"a/b/c\": name must "
                                + "have at most 63 characters: alphanumerics, '-', '_' and '.', starting and ending "
                                + "with an alphanumeric"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void reportsTheProblemWithItsPath(String yaml, String problem) {
        assertThat(problems(yaml)).containsExactly(problem);
    }

    @Test
    void validLabelSyntaxIsAccepted() {
        CompiledPolicy policy = compile("""
                match:
                  namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: shop
                      app.kubernetes.io/part-of: "web.shop_1"
                      empty: ""
                    matchExpressions:
                    - {key: tier, operator: In, values: [frontend, "", backend]}
                    - {key: legacy, operator: DoesNotExist}
                """);

        assertThat(policy.name()).isEqualTo("test");
    }

    @Test
    void reportsEveryProblemAtOnceInFieldOrder() {
        List<String> problems = problems("""
                match:
                  namespaces: ["prod-[ab]"]
                  kinds: [Deploymnet]
                  namespaceSelector:
                    matchExpressions:
                    - {key: env, operator: Is, values: [prod]}
                checks:
                - {id: resource-limits, severity: medium}
                - {id: image-tag-pinned, params: {requireDigest: "yes"}}
                - {id: privilegd}
                - {id: resource-limits}
                exemptions:
                - {checks: [read-only-root-filesystem], workloads: ["postgres-*"]}
                - {checks: [privileged], reason: CNI, expires: tomorrow}
                """);

        assertThat(problems).containsExactly(
                "spec.match.namespaces[0]: \"prod-[ab]\" uses '[' at position 5; only '*' and '?' are supported "
                        + "as wildcards",
                "spec.match.namespaceSelector.matchExpressions[0].operator: unknown operator \"Is\" "
                        + "(In, NotIn, Exists, DoesNotExist)",
                "spec.match.kinds[0]: unknown kind \"Deploymnet\" (known: Pod, Deployment, StatefulSet, DaemonSet, "
                        + "ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)",
                "spec.checks[1].params.requireDigest: must be \"true\" or \"false\", got \"yes\"",
                "spec.checks[2].id: unknown check \"privilegd\" (did you mean \"privileged\"?)",
                "spec.checks[3].id: duplicate override of \"resource-limits\", already configured by spec.checks[0]",
                "spec.exemptions[0].reason: required",
                "spec.exemptions[1].expires: not an RFC 3339 date-time: \"tomorrow\" (e.g. 2027-01-31T00:00:00Z)");
    }

    @Test
    void messageListsEveryProblemOnItsOwnLine() {
        assertThatThrownBy(() -> PolicyCompiler.compile("test", PolicySpecs.spec("""
                checks: [{id: privilegd}]
                exemptions: [{checks: [privileged]}]
                """)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("spec.checks[0].id: unknown check \"privilegd\" (did you mean \"privileged\"?)\n"
                        + "spec.exemptions[0].reason: required");
    }

    @Test
    void exemptionOfUnknownCheckIsOneProblemNotTwo() {
        assertThat(problems("exemptions: [{checks: [zzzz], reason: r}]"))
                .containsExactly("spec.exemptions[0].checks[0]: unknown check \"zzzz\"");
    }

    @Test
    void paramsOfADisabledCheckAreStillValidated() {
        assertThat(problems("checks: [{id: image-tag-pinned, disabled: true, params: {requireDigest: maybe}}]"))
                .containsExactly("spec.checks[0].params.requireDigest: must be \"true\" or \"false\", got \"maybe\"");
    }

    @Test
    void exemptionWithOnlyChecksCoversThoseChecksEverywhere() {
        CompiledPolicy policy = compile("exemptions: [{checks: [readiness-probe], reason: batch-like services}]");

        EvaluationResult result = PolicyEvaluator.evaluate(policy, CheckFixtures.workload(DEPLOYMENT),
                Map.of("kubernetes.io/metadata.name", "shop"), NOW);

        assertThat(result.exempt()).extracting(exempt -> exempt.finding().checkId()).containsOnly("readiness-probe");
        assertThat(result.violations()).extracting(Finding::checkId).doesNotContain("readiness-probe");
    }

    @Test
    void aNullKindIsAProblemOfItsField() {
        assertThat(problems("match: {kinds: [~]}")).singleElement().asString()
                .startsWith("spec.match.kinds[0]: must not be empty (known: Pod, ");
    }
}
