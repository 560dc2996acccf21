package dev.shipshape.audit;

import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.shipshape.policy.Severity.CRITICAL;
import static dev.shipshape.policy.Severity.HIGH;
import static dev.shipshape.policy.Severity.LOW;
import static dev.shipshape.policy.Severity.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyReportsTest {

    private static final String NAMESPACE = "shop";
    private static final String POLICY = "baseline";
    private static final Instant AUDITED = Instant.parse("2025-03-04T05:06:07.123456789Z");
    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    // ---- fail or warn ---------------------------------------------------------------------------------------

    static Stream<Arguments> failOrWarn() {
        return Stream.of(
                arguments(CRITICAL, HIGH, "fail"),
                arguments(HIGH, HIGH, "fail"),
                arguments(MEDIUM, HIGH, "warn"),
                arguments(LOW, HIGH, "warn"),
                arguments(HIGH, CRITICAL, "warn"),
                arguments(CRITICAL, CRITICAL, "fail"),
                arguments(LOW, LOW, "fail"),
                arguments(MEDIUM, LOW, "fail"));
    }

    @ParameterizedTest(name = "{0} finding, denySeverity {1}: {2}")
    @MethodSource
    void failOrWarn(Severity severity, Severity denySeverity, String expected) {
        Verdict verdict = violating(deployment("web"), finding("privileged", severity, deployment("web"), "app"));

        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, denySeverity, 10, NAMESPACE, List.of(verdict),
                50);

        assertThat(results(report)).singleElement().satisfies(result -> {
            assertThat(result.get("result")).isEqualTo(expected);
            assertThat(result.get("severity")).isEqualTo(severity.id());
        });
        assertThat(summary(report)).containsEntry("fail", expected.equals("fail") ? 1 : 0)
                .containsEntry("warn", expected.equals("warn") ? 1 : 0);
    }

    // ---- one result -----------------------------------------------------------------------------------------

    @Test
    void resultCarriesTheFindingTheCheckAndTheWorkload() {
        WorkloadRef web = deployment("web");
        FieldPath path = FieldPath.of("spec", "template", "spec").field("containers").index(1)
                .field("securityContext").field("privileged");
        Finding finding = new Finding("privileged", CRITICAL, web, "app", "nginx:1.27", path,
                "container \"app\" must not set securityContext.privileged=true",
                "Remove securityContext.privileged or set it to false.");

        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                List.of(violating(web, finding)), 50);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("policy", POLICY);
        expected.put("rule", "privileged");
        expected.put("result", "fail");
        expected.put("severity", "critical");
        expected.put("category", "Privileges");
        expected.put("message", "container \"app\" must not set securityContext.privileged=true");
        expected.put("source", "shipshape");
        expected.put("resources", List.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "namespace", NAMESPACE, "name", "web", "uid", "uid-web")));
        expected.put("properties", Map.of("fix", "Remove securityContext.privileged or set it to false.",
                "path", "spec.template.spec.containers[1].securityContext.privileged"));
        expected.put("timestamp", Map.of("seconds", AUDITED.getEpochSecond(), "nanos", 123456789));
        assertThat(results(report)).containsExactly(expected);
    }

    static Stream<Arguments> categories() {
        return Stream.of(
                arguments("privileged", "Privileges"),
                arguments("run-as-non-root", "User identity"),
                arguments("read-only-root-filesystem", "Filesystem and volumes"),
                arguments("image-tag-pinned", "Images"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void categories(String checkId, String category) {
        assertThat(CheckCatalog.find(checkId)).isPresent();
        Verdict verdict = violating(deployment("web"), finding(checkId, HIGH, deployment("web"), "app"));

        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, List.of(verdict), 50);

        assertThat(results(report)).singleElement().extracting(result -> result.get("category")).isEqualTo(category);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                arguments("app", "container \"app\" must not set securityContext.privileged=true",
                        "container \"app\" must not set securityContext.privileged=true"),
                arguments("app", "must not set securityContext.privileged=true",
                        "container app: must not set securityContext.privileged=true"),
                arguments("app", "container \"application\" must not run privileged",
                        "container app: container \"application\" must not run privileged"),
                arguments(null, "spec.hostNetwork must not be true", "spec.hostNetwork must not be true"));
    }

    @ParameterizedTest(name = "container {0}: {2}")
    @MethodSource
    void messages(String container, String message, String expected) {
        WorkloadRef web = deployment("web");
        Finding finding = new Finding("privileged", CRITICAL, web, container, null, FieldPath.of("spec"), message,
                null);

        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                List.of(violating(web, finding)), 50);

        assertThat(results(report)).singleElement().extracting(result -> result.get("message")).isEqualTo(expected);
    }

    @Test
    void propertiesLeaveOutAMissingFixAndTheResourceAMissingUid() {
        WorkloadRef web = new WorkloadRef("apps/v1", "Deployment", null, "web");
        Finding finding = new Finding("privileged", CRITICAL, web, "app", null,
                FieldPath.of("spec", "hostNetwork"), "container \"app\" x", null);
        Verdict verdict = new Verdict(web, null, VerdictStatus.VIOLATING, List.of(finding), true, List.of(), AUDITED);

        Map<String, Object> result = results(PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, List.of(verdict), 50))
                .get(0);

        assertThat(result.get("properties")).isEqualTo(Map.of("path", "spec.hostNetwork"));
        assertThat(result.get("resources")).isEqualTo(List.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "namespace", NAMESPACE, "name", "web")));
    }

    // ---- ordering -------------------------------------------------------------------------------------------

    /** Eight findings in scrambled order; {@link #ORDERED} is the order the report must list them in. */
    private static List<Verdict> orderingVerdicts() {
        WorkloadRef a = deployment("a");
        WorkloadRef b = deployment("b");
        WorkloadRef c = deployment("c");
        WorkloadRef statefulA = new WorkloadRef("apps/v1", "StatefulSet", NAMESPACE, "a");
        return List.of(
                violating(c, finding("resource-limits", LOW, c, "web")),
                violating(a,
                        finding("read-only-root-filesystem", MEDIUM, a, "web"),
                        finding("run-as-non-root", HIGH, a, "sidecar"),
                        finding("run-as-non-root", HIGH, a, "app"),
                        finding("run-as-non-root", HIGH, a, null),
                        finding("allow-privilege-escalation", HIGH, a, "web")),
                violating(statefulA, finding("allow-privilege-escalation", HIGH, statefulA, "app")),
                violating(b, finding("privileged", CRITICAL, b, "web")));
    }

    private static final List<String> ORDERED = List.of(
            "fail critical Deployment/b privileged web",
            "fail high Deployment/a allow-privilege-escalation web",
            "fail high Deployment/a run-as-non-root -",
            "fail high Deployment/a run-as-non-root app",
            "fail high Deployment/a run-as-non-root sidecar",
            "fail high StatefulSet/a allow-privilege-escalation app",
            "warn medium Deployment/a read-only-root-filesystem web",
            "warn low Deployment/c resource-limits web");

    @Test
    void ordersFailsThenSeverityThenWorkloadThenRuleThenContainer() {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(), 50);

        assertThat(results(report)).extracting(PolicyReportsTest::describe).containsExactlyElementsOf(ORDERED);
    }

    @Test
    void orderDoesNotDependOnTheOrderOfTheVerdicts() {
        List<Map<String, Object>> expected = results(PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                orderingVerdicts(), 50));
        for (long seed = 1; seed <= 5; seed++) {
            List<Verdict> shuffled = new ArrayList<>(orderingVerdicts());
            Collections.shuffle(shuffled, new Random(seed));

            assertThat(results(PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, shuffled, 50)))
                    .as("seed %d", seed).isEqualTo(expected);
        }
    }

    // ---- cap ------------------------------------------------------------------------------------------------

    static Stream<Arguments> cap() {
        return Stream.of(
                arguments(0, 0, "8"),
                arguments(1, 1, "7"),
                arguments(3, 3, "5"),
                arguments(7, 7, "1"),
                arguments(8, 8, null),
                arguments(100, 8, null));
    }

    @ParameterizedTest(name = "maxResults {0}: {1} listed, omitted annotation {2}")
    @MethodSource
    void cap(int maxResults, int listed, String omitted) {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(),
                maxResults);

        assertThat(results(report)).extracting(PolicyReportsTest::describe)
                .containsExactlyElementsOf(ORDERED.subList(0, listed));
        assertThat(annotation(report)).isEqualTo(omitted);
        assertThat(summary(report)).containsEntry("fail", 6).containsEntry("warn", 2);
    }

    @Test
    void rejectsANegativeCap() {
        assertThatThrownBy(() -> PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- summary --------------------------------------------------------------------------------------------

    static Stream<Arguments> summaries() {
        WorkloadRef web = deployment("web");
        WorkloadRef api = deployment("api");
        WorkloadRef job = deployment("job");
        Verdict twoChecksThreeFindings = violating(web,
                finding("run-as-non-root", HIGH, web, "app"),
                finding("run-as-non-root", HIGH, web, "sidecar"),
                finding("read-only-root-filesystem", MEDIUM, web, "app"));
        return Stream.of(
                arguments("nothing matched", 10, List.of(), summary(0, 0, 0, 0)),
                arguments("one compliant", 10, List.of(compliant(api)), summary(10, 0, 0, 0)),
                arguments("one exempt", 10, List.of(exempt(job)), summary(9, 0, 0, 1)),
                arguments("violating: 2 distinct checks, 3 findings", 10, List.of(twoChecksThreeFindings),
                        summary(8, 2, 1, 0)),
                arguments("all three", 10, List.of(compliant(api), exempt(job), twoChecksThreeFindings),
                        summary(27, 2, 1, 1)),
                arguments("no active checks", 0, List.of(compliant(api), exempt(job)), summary(0, 0, 0, 1)),
                arguments("more violated checks than active", 1, List.of(twoChecksThreeFindings),
                        summary(0, 2, 1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void summaries(String description, int activeChecks, List<Verdict> verdicts, Map<String, Object> expected) {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, activeChecks, NAMESPACE, verdicts, 50);

        assertThat(summary(report)).isEqualTo(expected);
    }

    @Test
    void compliantNamespaceHasNoResultsButCountsPasses() {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 12, NAMESPACE,
                List.of(compliant(deployment("web")), compliant(deployment("api"))), 50);

        assertThat(results(report)).isEmpty();
        assertThat(summary(report)).isEqualTo(summary(24, 0, 0, 0));
        assertThat(annotation(report)).isNull();
    }

    @Test
    void exemptAndCompliantVerdictsGiveNoResults() {
        WorkloadRef web = deployment("web");
        Verdict exemptWithFindings = new Verdict(web, "uid-web", VerdictStatus.EXEMPT,
                List.of(finding("privileged", CRITICAL, web, "app")), false, List.of(), AUDITED);

        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                List.of(exemptWithFindings, compliant(deployment("api"))), 50);

        assertThat(results(report)).isEmpty();
        assertThat(summary(report)).isEqualTo(summary(19, 0, 0, 1));
    }

    // ---- identity -------------------------------------------------------------------------------------------

    @Test
    void identifiesThePolicyAndNamespace() {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, List.of(), 50);

        assertThat(report.getApiVersion()).isEqualTo("wgpolicyk8s.io/v1alpha2");
        assertThat(report.getKind()).isEqualTo("PolicyReport");
        assertThat(report.getMetadata().getName()).isEqualTo("shipshape-baseline");
        assertThat(report.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(report.getMetadata().getLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/managed-by", "shipshape", "shipshape.dev/policy", "baseline"));
        assertThat(report.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    static Stream<Arguments> names() {
        return Stream.of(
                arguments("short", "baseline", "shipshape-baseline", "baseline"),
                arguments("63 characters", "p".repeat(63), "shipshape-" + "p".repeat(63), "p".repeat(63)),
                arguments("64 characters", "p".repeat(64), "shipshape-" + "p".repeat(64), null),
                arguments("243 characters", "p".repeat(243), "shipshape-" + "p".repeat(243), null),
                arguments("244 characters", "p".repeat(244), null, null),
                arguments("253 characters", "p".repeat(253), null, null),
                arguments("dot at the label cut", "a".repeat(51) + "." + "b".repeat(20),
                        "shipshape-" + "a".repeat(51) + "." + "b".repeat(20), null),
                arguments("dot at the name cut", "a".repeat(231) + "." + "b".repeat(21), null, null),
                arguments("dashes at the label cut", "a".repeat(50) + "--" + "b".repeat(20),
                        "shipshape-" + "a".repeat(50) + "--" + "b".repeat(20), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void names(String description, String policy, String expectedName, String expectedLabel) {
        String name = PolicyReports.reportName(policy);
        String label = PolicyReports.policyLabelValue(policy);

        assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN)
                .isEqualTo(PolicyReports.reportName(policy));
        assertThat(label).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE)
                .isEqualTo(PolicyReports.policyLabelValue(policy));
        if (expectedName != null) {
            assertThat(name).isEqualTo(expectedName);
        } else {
            assertThat(name).startsWith("shipshape-" + policy.substring(0, 200));
        }
        if (expectedLabel != null) {
            assertThat(label).isEqualTo(expectedLabel);
        } else {
            assertThat(label).startsWith(policy.substring(0, 40));
        }
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, policy, HIGH, 10, NAMESPACE, List.of(), 50);
        assertThat(report.getMetadata().getName()).isEqualTo(name);
        assertThat(report.getMetadata().getLabels()).containsEntry("shipshape.dev/policy", label);
    }

    @Test
    void longNamesThatShareTheirStartStayApart() {
        String one = "p".repeat(240) + "-one";
        String two = "p".repeat(240) + "-two";

        assertThat(PolicyReports.policyLabelValue(one)).isNotEqualTo(PolicyReports.policyLabelValue(two));
        assertThat(PolicyReports.reportName(one)).isNotEqualTo(PolicyReports.reportName(two));
    }

    // ---- sameContent ----------------------------------------------------------------------------------------

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Stream<Arguments> sameContent() {
        return Stream.<Arguments>of(
                arguments("rebuilt unchanged", (Consumer<GenericKubernetesResource>) report -> {
                }, true),
                arguments("server metadata", (Consumer<GenericKubernetesResource>) report -> {
                    ObjectMeta metadata = report.getMetadata();
                    metadata.setResourceVersion("4711");
                    metadata.setUid("0b5d4a1e-0000-4000-8000-000000000001");
                    metadata.setCreationTimestamp("2025-03-04T05:06:07Z");
                    metadata.setGeneration(3L);
                    metadata.setAnnotations(new HashMap<>(Map.of("kubectl.kubernetes.io/last-applied-configuration",
                            "{}")));
                }, true),
                arguments("result timestamps", (Consumer<GenericKubernetesResource>) report ->
                        results(report).forEach(result -> result.put("timestamp",
                                Map.of("seconds", 1L, "nanos", 2))), true),
                arguments("Longs for Integers", (Consumer<GenericKubernetesResource>) report -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary(report).forEach((key, value) -> summary.put(key, ((Number) value).longValue()));
                    report.setAdditionalProperty("summary", summary);
                }, true),
                arguments("a result's message", (Consumer<GenericKubernetesResource>) report ->
                        results(report).get(2).put("message", "something else"), false),
                arguments("a result's resource", (Consumer<GenericKubernetesResource>) report ->
                        results(report).get(0).put("resources", List.of(Map.of("kind", "Deployment",
                                "name", "other"))), false),
                arguments("a result fewer", (Consumer<GenericKubernetesResource>) report ->
                        results(report).remove(7), false),
                arguments("the summary", (Consumer<GenericKubernetesResource>) report ->
                        summary(report).put("pass", 1), false),
                arguments("a label", (Consumer<GenericKubernetesResource>) report ->
                        report.getMetadata().getLabels().put("shipshape.dev/policy", "other"), false),
                arguments("the omitted annotation", (Consumer<GenericKubernetesResource>) report ->
                        report.getMetadata().setAnnotations(Map.of("shipshape.dev/results-omitted", "3")), false));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource
    void sameContent(String description, Consumer<GenericKubernetesResource> change, boolean same) {
        GenericKubernetesResource original = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(), 50);
        GenericKubernetesResource changed = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                orderingVerdicts().stream().map(PolicyReportsTest::auditedLater).toList(), 50);
        change.accept(changed);

        assertThat(PolicyReports.sameContent(original, changed)).isEqualTo(same);
        assertThat(PolicyReports.sameContent(changed, original)).isEqualTo(same);
        assertThat(PolicyReports.fingerprint(original).equals(PolicyReports.fingerprint(changed)))
                .as("the fingerprint the writer keeps agrees").isEqualTo(same);
    }

    @Test
    void theFingerprintOfTheReportTheApiServerReturnsKeysSortedIsThatOfTheReportBuilt() throws Exception {
        GenericKubernetesResource built = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(), 3);
        com.fasterxml.jackson.databind.ObjectMapper sorted = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        GenericKubernetesResource returned = SERIALIZATION.unmarshal(
                sorted.writeValueAsString(sorted.readValue(SERIALIZATION.asJson(built), java.util.Map.class)),
                GenericKubernetesResource.class);
        returned.getMetadata().setResourceVersion("12");

        assertThat(SERIALIZATION.asJson(returned)).isNotEqualTo(SERIALIZATION.asJson(built));
        assertThat(PolicyReports.fingerprint(returned)).isEqualTo(PolicyReports.fingerprint(built)).hasSize(64);
    }

    @Test
    void sameContentAsTheReportReadBack() {
        GenericKubernetesResource built = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, orderingVerdicts(), 3);
        GenericKubernetesResource readBack = SERIALIZATION.unmarshal(SERIALIZATION.asJson(built),
                GenericKubernetesResource.class);
        readBack.getMetadata().setResourceVersion("12");

        assertThat(PolicyReports.sameContent(built, readBack)).isTrue();
        assertThat(PolicyReports.sameContent(built, PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE,
                orderingVerdicts(), 4))).isFalse();
    }

    @Test
    void sameContentOfNothing() {
        GenericKubernetesResource report = PolicyReports.build(ReportApi.POLICY_REPORT, POLICY, HIGH, 10, NAMESPACE, List.of(), 50);

        assertThat(PolicyReports.sameContent(report, null)).isFalse();
        assertThat(PolicyReports.sameContent(null, report)).isFalse();
        assertThat(PolicyReports.sameContent(null, null)).isTrue();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static WorkloadRef deployment(String name) {
        return new WorkloadRef("apps/v1", "Deployment", NAMESPACE, name);
    }

    private static Finding finding(String checkId, Severity severity, WorkloadRef workload, String container) {
        String fix = CheckCatalog.find(checkId).orElseThrow().descriptor().fix();
        FieldPath path = container == null ? FieldPath.of("spec", "template", "spec", "securityContext")
                : FieldPath.of("spec", "template", "spec").field("containers").index(0).field("securityContext");
        String subject = container == null ? "the pod" : "container \"" + container + "\"";
        return new Finding(checkId, severity, workload, container, container == null ? null : "nginx:1.27", path,
                subject + " violates " + checkId, fix);
    }

    private static Verdict violating(WorkloadRef workload, Finding... findings) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.VIOLATING, List.of(findings), true,
                List.of(), AUDITED);
    }

    private static Verdict compliant(WorkloadRef workload) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.COMPLIANT, List.of(), false, List.of(),
                AUDITED);
    }

    private static Verdict exempt(WorkloadRef workload) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.EXEMPT, List.of(), false, List.of(),
                AUDITED);
    }

    private static Verdict auditedLater(Verdict verdict) {
        return new Verdict(verdict.workload(), verdict.uid(), verdict.status(), verdict.violations(),
                verdict.wouldDeny(), verdict.remediation(), verdict.auditedAt().plusSeconds(3600).plusNanos(17));
    }

    private static Map<String, Object> summary(int pass, int fail, int warn, int skip) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", pass);
        summary.put("fail", fail);
        summary.put("warn", warn);
        summary.put("error", 0);
        summary.put("skip", skip);
        return summary;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(GenericKubernetesResource report) {
        return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(GenericKubernetesResource report) {
        return (Map<String, Object>) report.getAdditionalProperties().get("summary");
    }

    private static String annotation(GenericKubernetesResource report) {
        Map<String, String> annotations = report.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("shipshape.dev/results-omitted");
    }

    /** e.g. {@code fail high Deployment/a run-as-non-root app}, {@code -} for no container. */
    @SuppressWarnings("unchecked")
    private static String describe(Map<String, Object> result) {
        Map<String, Object> resource = ((List<Map<String, Object>>) result.get("resources")).get(0);
        String message = (String) result.get("message");
        String container = message.startsWith("container \"") ? message.substring(11, message.indexOf('"', 11))
                : "-";
        return result.get("result") + " " + result.get("severity") + " " + resource.get("kind") + "/"
                + resource.get("name") + " " + result.get("rule") + " " + container;
    }
}
