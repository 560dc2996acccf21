package dev.shipshape.audit;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ViolationEventsTest {

    private static final String POLICY = "restricted";
    private static final String UID = "0d9c4a8e-5b7f-4c1e-9a43-2f6b8d1e7c50";
    private static final WorkloadRef WEB = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
    private static final Instant NOW = Instant.parse("2026-06-01T10:15:30.123456789Z");
    private static final String REPLICA = "shipshape-7d9f8-abcde";
    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private static final String RUN_AS_NON_ROOT = "/spec/template/spec/containers/0/securityContext/runAsNonRoot";
    private static final String READ_ONLY_ROOT =
            "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem";

    private static CheckDescriptor descriptor(String check) {
        return CheckCatalog.find(check).orElseThrow().descriptor();
    }

    private static Finding finding(WorkloadRef workload, String check, String container, Severity severity,
                                   String fix) {
        return new Finding(check, severity, workload, container, "nginx:1.27",
                FieldPath.of("spec", "template", "spec", "containers").index(0).field("securityContext"),
                "container " + container + " violates " + check, fix);
    }

    /** One finding per check, in container "app", with the check's catalogue severity and fix. */
    private static List<Finding> findings(WorkloadRef workload, String... checks) {
        List<Finding> findings = new ArrayList<>();
        for (String check : checks) {
            findings.add(finding(workload, check, "app", descriptor(check).severity(), descriptor(check).fix()));
        }
        return findings;
    }

    private static Verdict verdict(WorkloadRef workload, String uid, VerdictStatus status, List<Finding> findings) {
        return new Verdict(workload, uid, status, findings, false, List.of(), NOW);
    }

    private static Verdict violating(String... checks) {
        return verdict(WEB, UID, VerdictStatus.VIOLATING, findings(WEB, checks));
    }

    private static Verdict withRemediation(WorkloadRef workload, List<JsonPatchOperation> remediation) {
        return new Verdict(workload, UID, VerdictStatus.VIOLATING, findings(workload, "run-as-non-root"), false,
                remediation, NOW);
    }

    private static JsonPatchOperation add(String pointer) {
        String[] keys = pointer.substring(1).split("/");
        FieldPath path = FieldPath.ROOT;
        for (String key : keys) {
            path = key.chars().allMatch(Character::isDigit) ? path.index(Integer.parseInt(key)) : path.field(key);
        }
        return JsonPatchOperation.add(path, BooleanNode.TRUE);
    }

    private static String eventName(Verdict previous, Verdict current) {
        return ViolationEvents.violation(POLICY, previous, current, NOW, REPLICA).orElseThrow().getMetadata().getName();
    }

    static Stream<Arguments> transitions() {
        Verdict compliant = verdict(WEB, UID, VerdictStatus.COMPLIANT, List.of());
        Verdict exempt = verdict(WEB, UID, VerdictStatus.EXEMPT, List.of());
        Verdict privilegedTwice = verdict(WEB, UID, VerdictStatus.VIOLATING, List.of(
                finding(WEB, "privileged", "app", Severity.CRITICAL, descriptor("privileged").fix()),
                finding(WEB, "privileged", "sidecar", Severity.CRITICAL, descriptor("privileged").fix())));
        Verdict privilegedDowngraded = verdict(WEB, UID, VerdictStatus.VIOLATING, List.of(
                finding(WEB, "privileged", "app", Severity.LOW, "Ask the platform team.")));
        return Stream.of(
                // previous, current, the expected message (null: no event)
                arguments(null, violating("privileged"),
                        "HardeningPolicy restricted: newly violates privileged (critical); fix: "
                                + descriptor("privileged").fix()),
                arguments(compliant, violating("privileged", "run-as-non-root"),
                        "HardeningPolicy restricted: newly violates privileged (critical), run-as-non-root (high); "
                                + "fix: "
                                + descriptor("privileged").fix()),
                arguments(violating("privileged"),
                        violating("privileged", "run-as-non-root", "read-only-root-filesystem"),
                        "HardeningPolicy restricted: newly violates run-as-non-root (high), read-only-root-filesystem "
                                + "(medium); fix: " + descriptor("run-as-non-root").fix()),
                arguments(exempt, privilegedTwice,
                        "HardeningPolicy restricted: newly violates privileged (critical); fix: "
                                + descriptor("privileged").fix()),
                arguments(null, privilegedDowngraded,
                        "HardeningPolicy restricted: newly violates privileged (low); fix: Ask the platform team."),
                arguments(violating("privileged"), violating("privileged"), null),
                arguments(violating("privileged"), privilegedTwice, null),
                arguments(violating("privileged", "run-as-non-root"), violating("run-as-non-root"), null),
                arguments(violating("privileged"), compliant, null),
                arguments(violating("privileged"), exempt, null),
                arguments(null, compliant, null),
                arguments(null, exempt, null));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void warnsOnlyAboutNewlyViolatedChecks(Verdict previous, Verdict current, String expectedMessage) {
        assertThat(ViolationEvents.violation(POLICY, previous, current, NOW, REPLICA).map(Event::getMessage))
                .isEqualTo(Optional.ofNullable(expectedMessage));
    }

    @Test
    void violationEventDescribesTheWorkload() {
        Event event = ViolationEvents.violation(POLICY, null, violating("privileged"), NOW, REPLICA).orElseThrow();

        assertThat(event.getMetadata().getName()).matches("web\\.shipshape-[0-9a-f]{12}");
        assertThat(event.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(event.getMetadata().getLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/managed-by", "shipshape", "shipshape.dev/policy", "restricted"));
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("PolicyViolation");
        assertThat(event.getAction()).isEqualTo("Audit");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getInvolvedObject().getNamespace()).isEqualTo("shop");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(UID);
        assertThat(event.getSource().getComponent()).isEqualTo("shipshape");
        assertThat(event.getReportingComponent()).isEqualTo("shipshape.dev/operator");
        assertThat(event.getReportingInstance()).isEqualTo(REPLICA);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-06-01T10:15:30Z");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-06-01T10:15:30Z");
        assertThat(event.getEventTime()).isNull();
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void sameNewViolationGetsTheSameNameWheneverAndWhereverItIsReported() {
        Event first = ViolationEvents.violation(POLICY, null, violating("privileged", "run-as-non-root"), NOW,
                "replica-a").orElseThrow();
        Event again = ViolationEvents.violation(POLICY, violating(), violating("privileged", "run-as-non-root"),
                NOW.plusSeconds(3600), "replica-b").orElseThrow();

        assertThat(again.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
    }

    @Test
    void nameDependsOnlyOnTheNewlyViolatedChecks() {
        assertThat(eventName(violating("run-as-non-root"), violating("privileged", "run-as-non-root")))
                .isEqualTo(eventName(null, violating("privileged")));
        assertThat(eventName(null, violating("run-as-non-root", "privileged")))
                .isEqualTo(eventName(null, violating("privileged", "run-as-non-root")));
    }

    static Stream<Arguments> differentViolations() {
        Verdict otherUid = verdict(WEB, "8e1f2a3b-0000-4c1e-9a43-2f6b8d1e7c50", VerdictStatus.VIOLATING,
                findings(WEB, "privileged"));
        return Stream.of(
                // policy, previous, current
                arguments(POLICY, null, violating("run-as-non-root")),
                arguments(POLICY, null, violating("privileged", "run-as-non-root")),
                arguments("baseline", null, violating("privileged")),
                arguments(POLICY, null, otherUid));
    }

    @ParameterizedTest
    @MethodSource("differentViolations")
    void differentViolationsGetDifferentNames(String policy, Verdict previous, Verdict current) {
        String privilegedOnWeb = eventName(null, violating("privileged"));

        Event event = ViolationEvents.violation(policy, previous, current, NOW, REPLICA).orElseThrow();

        assertThat(event.getMetadata().getName()).matches("web\\.shipshape-[0-9a-f]{12}").isNotEqualTo(privilegedOnWeb);
    }

    @Test
    void longWorkloadNameIsCutToKeepTheEventNameAValidDnsSubdomain() {
        WorkloadRef longName = new WorkloadRef("apps/v1", "Deployment", "shop", "a".repeat(229) + "-" + "b".repeat(70));
        Verdict current = verdict(longName, UID, VerdictStatus.VIOLATING, findings(longName, "privileged"));

        String name = ViolationEvents.violation(POLICY, null, current, NOW, REPLICA).orElseThrow()
                .getMetadata().getName();

        assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN)
                .matches("a{229}\\.shipshape-[0-9a-f]{12}");
    }

    @Test
    void longPolicyNameGetsTheSameValidLabelValueAsItsPolicyReports() {
        String policy = "p".repeat(62) + "." + "q".repeat(100);
        String sibling = "p".repeat(62) + "." + "r".repeat(100);

        Event event = ViolationEvents.violation(policy, null, violating("privileged"), NOW, REPLICA).orElseThrow();
        Event siblings = ViolationEvents.violation(sibling, null, violating("privileged"), NOW, REPLICA).orElseThrow();

        String label = event.getMetadata().getLabels().get("shipshape.dev/policy");
        assertThat(label).matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63)
                .isEqualTo(PolicyReports.policyLabelValue(policy))
                .isNotEqualTo(siblings.getMetadata().getLabels().get("shipshape.dev/policy"));
    }

    @Test
    void longMessageIsCutTo1024Characters() {
        Verdict current = verdict(WEB, UID, VerdictStatus.VIOLATING,
                List.of(finding(WEB, "privileged", "app", Severity.CRITICAL, "x".repeat(2000))));

        String message = ViolationEvents.violation(POLICY, null, current, NOW, REPLICA).orElseThrow().getMessage();

        assertThat(message).hasSize(1024).endsWith("x…")
                .startsWith("HardeningPolicy restricted: newly violates privileged (critical); fix: xxx");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void messageIsNotCutInsideASurrogatePair(int padding) {
        String ships = "x".repeat(padding) + "\uD83D\uDEA2".repeat(600);
        Verdict current = verdict(WEB, UID, VerdictStatus.VIOLATING,
                List.of(finding(WEB, "privileged", "app", Severity.CRITICAL, ships)));

        String message = ViolationEvents.violation(POLICY, null, current, NOW, REPLICA).orElseThrow().getMessage();

        assertThat(message).hasSizeBetween(1023, 1024).endsWith("\uD83D\uDEA2…");
    }

    static Stream<Arguments> remediations() {
        return Stream.of(
                // dry run, reason, message
                arguments(false, "Remediated", "HardeningPolicy restricted filled in 2 missing field(s): "
                        + RUN_AS_NON_ROOT + ", " + READ_ONLY_ROOT),
                arguments(true, "RemediationPlanned", "HardeningPolicy restricted would fill in 2 missing field(s): "
                        + RUN_AS_NON_ROOT + ", " + READ_ONLY_ROOT));
    }

    @ParameterizedTest
    @MethodSource("remediations")
    void remediationEventNamesTheFilledInFields(boolean dryRun, String reason, String message) {
        Verdict verdict = withRemediation(WEB, List.of(add(RUN_AS_NON_ROOT), add(READ_ONLY_ROOT)));

        Event event = ViolationEvents.remediated(POLICY, verdict, dryRun, NOW, REPLICA);

        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getReason()).isEqualTo(reason);
        assertThat(event.getMessage()).isEqualTo(message);
        assertThat(event.getMetadata().getName()).matches("web\\.shipshape-[0-9a-f]{12}");
        assertThat(event.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(UID);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getReportingInstance()).isEqualTo(REPLICA);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-06-01T10:15:30Z");
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void remediationNameDependsOnTheFieldsAndReasonButNotTheirOrder() {
        String applied = ViolationEvents.remediated(POLICY,
                withRemediation(WEB, List.of(add(RUN_AS_NON_ROOT), add(READ_ONLY_ROOT))), false, NOW, REPLICA)
                .getMetadata().getName();
        String reordered = ViolationEvents.remediated(POLICY,
                withRemediation(WEB, List.of(add(READ_ONLY_ROOT), add(RUN_AS_NON_ROOT))), false, NOW.plusSeconds(60),
                "replica-b").getMetadata().getName();
        String planned = ViolationEvents.remediated(POLICY,
                withRemediation(WEB, List.of(add(RUN_AS_NON_ROOT), add(READ_ONLY_ROOT))), true, NOW, REPLICA)
                .getMetadata().getName();
        String fewerFields = ViolationEvents.remediated(POLICY,
                withRemediation(WEB, List.of(add(RUN_AS_NON_ROOT))), false, NOW, REPLICA).getMetadata().getName();

        assertThat(reordered).isEqualTo(applied);
        assertThat(Arrays.asList(planned, fewerFields)).doesNotContain(applied).doesNotHaveDuplicates();
    }

    @Test
    void longRemediationMessageIsCutTo1024Characters() {
        List<JsonPatchOperation> remediation = new ArrayList<>();
        for (int container = 0; container < 40; container++) {
            remediation.add(add("/spec/template/spec/containers/" + container + "/securityContext/runAsNonRoot"));
        }

        String message = ViolationEvents.remediated(POLICY, withRemediation(WEB, remediation), false, NOW, REPLICA)
                .getMessage();

        assertThat(message).hasSize(1024).endsWith("…")
                .startsWith("HardeningPolicy restricted filled in 40 missing field(s): "
                        + "/spec/template/spec/containers/0/securityContext/runAsNonRoot, "
                        + "/spec/template/spec/containers/1/");
    }

    @Test
    void remediationThatAddsNothingIsRefused() {
        Verdict verdict = withRemediation(WEB, List.of());

        assertThatThrownBy(() -> ViolationEvents.remediated(POLICY, verdict, false, NOW, REPLICA))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
