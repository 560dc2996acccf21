package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.DelegatedExemptions;
import dev.shipshape.api.v1alpha1.ExemptionState;
import dev.shipshape.api.v1alpha1.HardeningExemptionStatus;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExemptionStatusesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void anHonouredExemptionNamesItsPoliciesRefusalsAndCount() throws InvalidPolicyException {
        ExemptionRequest request = request(List.of("delegating", "strict", "gone"), NOW.plus(Duration.ofDays(20)));

        HardeningExemptionStatus status = ExemptionStatuses.of(request, 3, null, policies(), 4, NOW);

        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getAcceptedBy()).containsExactly("delegating");
        assertThat(status.getRefusedBy()).extracting(refusal -> refusal.getPolicy() + ": " + refusal.getReason())
                .containsExactly("gone: no valid HardeningPolicy gone exists",
                        "strict: HardeningPolicy strict delegates no exemptions (it has no spec.delegatedExemptions)");
        assertThat(status.getUntil()).isEqualTo("2026-12-22T10:00:00Z");
        assertThat(status.getState()).isNull();
        assertThat(status.getExemptedWorkloads()).isEqualTo(4);
        assertThat(status.getConditions()).singleElement().satisfies(accepted -> {
            assertThat(accepted.getType()).isEqualTo("Accepted");
            assertThat(accepted.getStatus()).isEqualTo(ConditionStatus.True);
            assertThat(accepted.getReason()).isEqualTo("Honoured");
            assertThat(accepted.getMessage()).isEqualTo("Honoured by delegating");
            assertThat(accepted.getLastTransitionTime()).isEqualTo(NOW.toString());
        });
    }

    @Test
    void aRefusedExemptionExemptsNothingAndSaysWhy() throws InvalidPolicyException {
        ExemptionRequest request = request(List.of("strict"), NOW.plus(Duration.ofDays(3)));

        HardeningExemptionStatus status = ExemptionStatuses.of(request, 1, null, policies(), 4, NOW);

        assertThat(status.getAcceptedBy()).isEmpty();
        assertThat(status.getExemptedWorkloads()).isZero();
        assertThat(status.getState()).isEqualTo(ExemptionState.Expiring);
        assertThat(status.getConditions()).singleElement().satisfies(accepted -> {
            assertThat(accepted.getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(accepted.getReason()).isEqualTo("Refused");
            assertThat(accepted.getMessage()).isEqualTo("No policy honours it, so it is ignored: HardeningPolicy "
                    + "strict delegates no exemptions (it has no spec.delegatedExemptions)");
        });
    }

    @Test
    void anExpiredExemptionSaysSoAndTheTransitionTimeIsKeptWhileTheConditionHolds() throws InvalidPolicyException {
        ExemptionRequest request = request(List.of("delegating"), NOW.minus(Duration.ofDays(1)));
        HardeningExemptionStatus before = ExemptionStatuses.of(request, 1, null, policies(), 0,
                NOW.minus(Duration.ofDays(5)));

        HardeningExemptionStatus status = ExemptionStatuses.of(request, 1, before, policies(), 0, NOW);

        assertThat(status.getState()).isEqualTo(ExemptionState.Expired);
        assertThat(status.getConditions().get(0).getLastTransitionTime())
                .isEqualTo(NOW.minus(Duration.ofDays(5)).toString());
        assertThat(ExemptionStatuses.sameContent(before, status)).as("the state changed").isFalse();
        assertThat(ExemptionStatuses.sameContent(status,
                ExemptionStatuses.of(request, 1, status, policies(), 0, NOW.plusSeconds(60)))).isTrue();
    }

    @Test
    void anInvalidExemptionListsEveryProblem() {
        HardeningExemptionStatus status = ExemptionStatuses.invalid(2, null, List.of(
                new FieldProblem(FieldPath.of("spec", "checks").index(0), "unknown check \"privilegd\""),
                new FieldProblem(FieldPath.of("spec", "reason"), "required")), NOW);

        assertThat(status.getExemptedWorkloads()).isZero();
        assertThat(status.getConditions()).singleElement().satisfies(accepted -> {
            assertThat(accepted.getStatus()).isEqualTo(ConditionStatus.False);
            assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
            assertThat(accepted.getMessage().split("\n")).containsExactly(
                    "The spec is invalid, so the exemption is ignored:",
                    "spec.checks[0]: unknown check \"privilegd\"", "spec.reason: required");
        });
    }

    private static ExemptionRequest request(List<String> policies, Instant expires) {
        return new ExemptionRequest("team-shop", "probes", policies, null, List.of("liveness-probe"), List.of(),
                List.of(), List.of(), "later", expires, NOW.minus(Duration.ofDays(2)));
    }

    private static List<LabelledPolicy> policies() throws InvalidPolicyException {
        HardeningPolicySpec delegating = new HardeningPolicySpec();
        DelegatedExemptions delegated = new DelegatedExemptions();
        delegated.setNamespaces(List.of("team-*"));
        delegating.setDelegatedExemptions(delegated);
        return List.of(new LabelledPolicy(PolicyCompiler.compile("delegating", delegating), Map.of()),
                new LabelledPolicy(PolicyCompiler.compile("strict", new HardeningPolicySpec()), Map.of()));
    }
}
