package dev.shipshape.audit;

import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.api.v1alpha1.CheckCount;
import dev.shipshape.api.v1alpha1.Condition;
import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.EnforcementStatus;
import dev.shipshape.api.v1alpha1.ExemptionState;
import dev.shipshape.api.v1alpha1.ExemptionStatus;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.Exemptions;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyStatusesTest {

    private static final EnforcementStatus WEBHOOK = PolicyStatuses.enforcement(
            CompiledPolicy.forProfile(Profile.RESTRICTED),
            EnforcementPlan.of(CompiledPolicy.forProfile(Profile.RESTRICTED), false));

    private static final Instant EARLIER = Instant.parse("2026-02-01T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-01T12:05:00Z");

    private static final List<CheckTally> SEVEN_CHECKS = List.of(
            new CheckTally("read-only-root-filesystem", Severity.MEDIUM, 9, 6),
            new CheckTally("run-as-non-root", Severity.HIGH, 5, 5),
            new CheckTally("liveness-probe", Severity.LOW, 4, 4),
            new CheckTally("privileged", Severity.CRITICAL, 3, 3),
            new CheckTally("readiness-probe", Severity.LOW, 2, 2),
            new CheckTally("resource-limits", Severity.MEDIUM, 1, 1),
            new CheckTally("resource-requests", Severity.LOW, 1, 1));

    private static final AuditSummary SUMMARY = new AuditSummary(12, 5, 6, 1,
            Map.of(Severity.CRITICAL, 3, Severity.HIGH, 5, Severity.MEDIUM, 10, Severity.LOW, 7), 4, SEVEN_CHECKS);

    @Test
    void aValidPolicyReportsItsAudit() {
        RemediationStatus remediation = new RemediationStatus();
        remediation.setPending(2);

        HardeningPolicyStatus status = PolicyStatuses.valid(7, null, SUMMARY, remediation, Exemptions.NONE, WEBHOOK, NOW);

        assertThat(status.getObservedGeneration()).isEqualTo(7L);
        assertThat(status.getSummary().getWorkloads()).isEqualTo(12);
        assertThat(status.getSummary().getCompliant()).isEqualTo(5);
        assertThat(status.getSummary().getViolating()).isEqualTo(6);
        assertThat(status.getSummary().getExempt()).isEqualTo(1);
        assertThat(status.getSummary().getViolations().getCritical()).isEqualTo(3);
        assertThat(status.getSummary().getViolations().getHigh()).isEqualTo(5);
        assertThat(status.getSummary().getViolations().getMedium()).isEqualTo(10);
        assertThat(status.getSummary().getViolations().getLow()).isEqualTo(7);
        assertThat(status.getComplianceRatio()).isEqualTo("0.50");
        assertThat(status.getWouldDeny()).isEqualTo(4);
        assertThat(status.getTopViolations()).hasSize(PolicyStatuses.TOP_VIOLATIONS)
                .extracting(CheckCount::getCheck, CheckCount::getCount)
                .containsExactly(
                        tuple("read-only-root-filesystem", 6),
                        tuple("run-as-non-root", 5),
                        tuple("liveness-probe", 4),
                        tuple("privileged", 3),
                        tuple("readiness-probe", 2));
        assertThat(status.getLastAuditTime()).isEqualTo(NOW.toString());
        assertThat(status.getRemediation()).isSameAs(remediation);
        assertThat(status.getConditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo(PolicyStatuses.READY);
            assertThat(condition.getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(condition.getReason()).isEqualTo("Valid");
            assertThat(condition.getObservedGeneration()).isEqualTo(7L);
            assertThat(condition.getLastTransitionTime()).isEqualTo(NOW.toString());
        });
    }

    static Stream<Arguments> topViolations() {
        return Stream.of(
                arguments(0, List.of()),
                arguments(1, List.of("read-only-root-filesystem")),
                arguments(PolicyStatuses.TOP_VIOLATIONS, SEVEN_CHECKS.subList(0, PolicyStatuses.TOP_VIOLATIONS)
                        .stream().map(CheckTally::check).toList()),
                arguments(SEVEN_CHECKS.size(), SEVEN_CHECKS.subList(0, PolicyStatuses.TOP_VIOLATIONS)
                        .stream().map(CheckTally::check).toList()));
    }

    @ParameterizedTest(name = "{0} violated checks")
    @MethodSource
    void topViolations(int checks, List<String> expected) {
        AuditSummary summary = new AuditSummary(12, 5, 6, 1, SUMMARY.violations(), 4,
                SEVEN_CHECKS.subList(0, checks));

        HardeningPolicyStatus status = PolicyStatuses.valid(1, null, summary, null, Exemptions.NONE, WEBHOOK, NOW);

        assertThat(status.getTopViolations()).extracting(CheckCount::getCheck).containsExactlyElementsOf(expected);
    }

    @Test
    void exemptionsExpiringWithinAWeekOrExpiredAreListedInSpecOrder() {
        Exemptions exemptions = new Exemptions(List.of(
                exemption(0, null),
                exemption(1, NOW.minusSeconds(60)),
                exemption(2, NOW.plus(Duration.ofDays(30))),
                exemption(3, NOW.plus(Duration.ofDays(2)))));
        HardeningPolicyStatus status = PolicyStatuses.valid(1, null, SUMMARY, null, exemptions, WEBHOOK, NOW);
        assertThat(status.getExemptions())
                .extracting(ExemptionStatus::getIndex, ExemptionStatus::getReason, ExemptionStatus::getExpires,
                        ExemptionStatus::getState)
                .containsExactly(
                        tuple(1, "reason 1", NOW.minusSeconds(60).toString(), ExemptionState.Expired),
                        tuple(3, "reason 3", NOW.plus(Duration.ofDays(2)).toString(), ExemptionState.Expiring));
        assertThat(PolicyStatuses.sameContent(status, PolicyStatuses.valid(1, null, SUMMARY, null,
                exemptions, WEBHOOK, NOW.plus(Duration.ofDays(3))))).as("exemption 3 has expired since").isFalse();
    }

    private static Exemption exemption(int index, Instant expires) {
        return new Exemption(index, List.of(), List.of("legacy"), List.of(), List.of(), List.of(), "reason " + index,
                expires);
    }

    @Test
    void beforeTheWorkloadsAreSyncedThePolicyIsReadyWithoutSummary() {
        HardeningPolicyStatus status = PolicyStatuses.valid(3, null, null, null, Exemptions.NONE, WEBHOOK, NOW);

        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getConditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo(PolicyStatuses.READY);
            assertThat(condition.getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(condition.getReason()).isEqualTo("Valid");
            assertThat(condition.getMessage()).contains("starting");
        });
        assertThat(status.getSummary()).isNull();
        assertThat(status.getComplianceRatio()).isNull();
        assertThat(status.getWouldDeny()).isNull();
        assertThat(status.getTopViolations()).isEmpty();
        assertThat(status.getLastAuditTime()).isNull();
        assertThat(status.getRemediation()).isNull();
    }

    @Test
    void anInvalidPolicyIsNotReadyAndListsEveryProblem() {
        List<String> problems = List.of(
                "spec.checks[0].id: unknown check \"privilegd\" (did you mean \"privileged\"?)",
                "spec.exemptions[1].reason: required");

        HardeningPolicyStatus status = PolicyStatuses.invalid(4, null, problems, NOW);

        assertThat(status.getObservedGeneration()).isEqualTo(4L);
        assertThat(status.getConditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo(PolicyStatuses.READY);
            assertThat(condition.getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(condition.getReason()).isEqualTo("InvalidSpec");
            assertThat(condition.getMessage().split("\n")[0]).contains("enforces, warns about and audits nothing");
            assertThat(condition.getMessage().split("\n")).containsSequence(problems).hasSize(3);
            assertThat(condition.getObservedGeneration()).isEqualTo(4L);
            assertThat(condition.getLastTransitionTime()).isEqualTo(NOW.toString());
        });
        assertThat(status.getSummary()).isNull();
        assertThat(status.getComplianceRatio()).isNull();
        assertThat(status.getWouldDeny()).isNull();
        assertThat(status.getTopViolations()).isEmpty();
        assertThat(status.getLastAuditTime()).isNull();
    }

    static Stream<Arguments> lastTransitionTime() {
        Function<Instant, HardeningPolicyStatus> ready = at -> PolicyStatuses.valid(1, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, at);
        Function<Instant, HardeningPolicyStatus> syncing = at -> PolicyStatuses.valid(1, null, null, null, Exemptions.NONE, WEBHOOK, at);
        Function<Instant, HardeningPolicyStatus> invalid =
                at -> PolicyStatuses.invalid(1, null, List.of("spec.exemptions[0].reason: required"), at);
        return Stream.of(
                // the previous status, whether the next is valid, the expected lastTransitionTime
                arguments("no previous, valid", null, true, NOW),
                arguments("no previous, invalid", null, false, NOW),
                arguments("valid, still valid", ready.apply(EARLIER), true, EARLIER),
                arguments("syncing, now audited", syncing.apply(EARLIER), true, EARLIER),
                arguments("invalid, still invalid", invalid.apply(EARLIER), false, EARLIER),
                arguments("valid, now invalid", ready.apply(EARLIER), false, NOW),
                arguments("invalid, now valid", invalid.apply(EARLIER), true, NOW),
                arguments("no conditions", new HardeningPolicyStatus(), true, NOW),
                arguments("a Ready condition without time", withoutTransitionTime(ready.apply(EARLIER)), true, NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void lastTransitionTime(String description, HardeningPolicyStatus previous, boolean valid, Instant expected) {
        HardeningPolicyStatus status = valid ? PolicyStatuses.valid(2, previous, SUMMARY, null, Exemptions.NONE, WEBHOOK, NOW)
                : PolicyStatuses.invalid(2, previous, List.of("spec.match.kinds[0]: unknown kind \"Dep\""), NOW);

        assertThat(status.getConditions()).singleElement()
                .extracting(Condition::getLastTransitionTime).isEqualTo(expected.toString());
    }

    @Test
    void sameContentIgnoresWhenTheStatusWasComputed() {
        HardeningPolicyStatus earlier = PolicyStatuses.valid(2, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, EARLIER);
        HardeningPolicyStatus later = PolicyStatuses.valid(2, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, LATER);
        assertThat(earlier.getLastAuditTime()).isNotEqualTo(later.getLastAuditTime());
        assertThat(earlier.getConditions().get(0).getLastTransitionTime())
                .isNotEqualTo(later.getConditions().get(0).getLastTransitionTime());

        assertThat(PolicyStatuses.sameContent(earlier, later)).isTrue();
        assertThat(PolicyStatuses.sameContent(later, earlier)).isTrue();
        assertThat(PolicyStatuses.sameContent(earlier, earlier)).isTrue();
        assertThat(PolicyStatuses.sameContent(null, null)).isTrue();
        assertThat(PolicyStatuses.sameContent(earlier, null)).isFalse();
        assertThat(PolicyStatuses.sameContent(null, earlier)).isFalse();
        // computing the statuses does not change them
        assertThat(earlier.getLastAuditTime()).isEqualTo(EARLIER.toString());
        assertThat(earlier.getConditions().get(0).getLastTransitionTime()).isEqualTo(EARLIER.toString());
    }

    static Stream<Arguments> differentContent() {
        Map<Severity, Integer> violations = SUMMARY.violations();
        return Stream.of(
                arguments("one more workload", new AuditSummary(13, 6, 6, 1, violations, 4, SEVEN_CHECKS)),
                arguments("one more compliant", new AuditSummary(12, 6, 5, 1, violations, 4, SEVEN_CHECKS)),
                arguments("one less exempt", new AuditSummary(12, 6, 6, 0, violations, 4, SEVEN_CHECKS)),
                arguments("one more low violation", new AuditSummary(12, 5, 6, 1,
                        Map.of(Severity.CRITICAL, 3, Severity.HIGH, 5, Severity.MEDIUM, 10, Severity.LOW, 8), 4,
                        SEVEN_CHECKS)),
                arguments("one more would be denied", new AuditSummary(12, 5, 6, 1, violations, 5, SEVEN_CHECKS)),
                arguments("a top violation counts one less", new AuditSummary(12, 5, 6, 1, violations, 4,
                        replaceFirst(new CheckTally("read-only-root-filesystem", Severity.MEDIUM, 9, 5)))),
                arguments("fewer checks", new AuditSummary(12, 5, 6, 1, violations, 4, SEVEN_CHECKS.subList(0, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentContent")
    void sameContentSeesACountChange(String description, AuditSummary changed) {
        HardeningPolicyStatus before = PolicyStatuses.valid(2, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, EARLIER);
        HardeningPolicyStatus after = PolicyStatuses.valid(2, null, changed, null, Exemptions.NONE, WEBHOOK, EARLIER);

        assertThat(PolicyStatuses.sameContent(before, after)).isFalse();
    }

    @Test
    void sameContentSeesTheReadyConditionTheGenerationAndTheRemediation() {
        HardeningPolicyStatus valid = PolicyStatuses.valid(2, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, NOW);
        RemediationStatus remediation = new RemediationStatus();
        remediation.setPatched(1);

        assertThat(PolicyStatuses.sameContent(valid,
                PolicyStatuses.invalid(2, null, List.of("spec.exemptions[0].reason: required"), NOW))).isFalse();
        assertThat(PolicyStatuses.sameContent(valid, PolicyStatuses.valid(3, null, SUMMARY, null, Exemptions.NONE, WEBHOOK, NOW))).isFalse();
        assertThat(PolicyStatuses.sameContent(valid, PolicyStatuses.valid(2, null, null, null, Exemptions.NONE, WEBHOOK, NOW))).isFalse();
        assertThat(PolicyStatuses.sameContent(valid, PolicyStatuses.valid(2, null, SUMMARY, remediation, Exemptions.NONE, WEBHOOK, NOW)))
                .isFalse();
        assertThat(PolicyStatuses.sameContent(
                PolicyStatuses.invalid(2, null, List.of("spec.exemptions[0].reason: required"), NOW),
                PolicyStatuses.invalid(2, null, List.of("spec.exemptions[1].reason: required"), NOW))).isFalse();
    }

    private static List<CheckTally> replaceFirst(CheckTally first) {
        List<CheckTally> checks = new ArrayList<>(SEVEN_CHECKS);
        checks.set(0, first);
        return checks;
    }

    private static HardeningPolicyStatus withoutTransitionTime(HardeningPolicyStatus status) {
        status.getConditions().forEach(condition -> condition.setLastTransitionTime(null));
        return status;
    }
}
