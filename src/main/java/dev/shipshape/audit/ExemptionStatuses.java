package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.Condition;
import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.ExemptionRefusal;
import dev.shipshape.api.v1alpha1.ExemptionState;
import dev.shipshape.api.v1alpha1.HardeningExemptionStatus;
import dev.shipshape.policy.ExemptionExpiry;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.LabelledPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The status of a HardeningExemption, from what the policies say of it and what the audit found. Pure. */
final class ExemptionStatuses {

    static final String ACCEPTED = "Accepted";

    private ExemptionStatuses() {
    }

    /**
     * @param policies the valid policies with their labels
     * @param exemptedWorkloads workloads with a finding the exemption covers, from the audit
     */
    static HardeningExemptionStatus of(ExemptionRequest request, long generation, HardeningExemptionStatus previous,
                                       List<LabelledPolicy> policies, int exemptedWorkloads,
                                       Instant now) {
        ExemptionRequests.Decisions decisions = ExemptionRequests.decide(request, policies);
        HardeningExemptionStatus status = new HardeningExemptionStatus();
        status.setObservedGeneration(generation);
        status.setAcceptedBy(decisions.acceptedBy());
        List<ExemptionRefusal> refusals = new ArrayList<>();
        decisions.refusedBy().forEach((policy, reason) -> {
            ExemptionRefusal refusal = new ExemptionRefusal();
            refusal.setPolicy(policy);
            refusal.setReason(reason);
            refusals.add(refusal);
        });
        status.setRefusedBy(refusals);
        status.setUntil(request.expires().toString());
        status.setState(switch (ExemptionExpiry.state(request.exemption(), now)) {
            case ACTIVE -> null;
            case EXPIRING -> ExemptionState.Expiring;
            case EXPIRED -> ExemptionState.Expired;
        });
        status.setExemptedWorkloads(decisions.accepted() ? exemptedWorkloads : 0);
        String message;
        if (decisions.accepted()) {
            message = "Honoured by " + String.join(", ", decisions.acceptedBy());
        } else if (refusals.isEmpty()) {
            message = "No HardeningPolicy is named or selected; the exemption is ignored";
        } else {
            message = "No policy honours it, so it is ignored: " + String.join("; ",
                    refusals.stream().map(ExemptionRefusal::getReason).toList());
        }
        status.setConditions(List.of(accepted(previous, generation,
                decisions.accepted() ? ConditionStatus.True : ConditionStatus.False,
                decisions.accepted() ? "Honoured" : "Refused", message, now)));
        return status;
    }

    /** The status of an exemption whose spec does not compile: Accepted=False listing every problem. */
    static HardeningExemptionStatus invalid(long generation, HardeningExemptionStatus previous,
                                            List<FieldProblem> problems, Instant now) {
        HardeningExemptionStatus status = new HardeningExemptionStatus();
        status.setObservedGeneration(generation);
        status.setExemptedWorkloads(0);
        status.setConditions(List.of(accepted(previous, generation, ConditionStatus.False, "InvalidSpec",
                "The spec is invalid, so the exemption is ignored:\n"
                        + String.join("\n", problems.stream().map(FieldProblem::toString).toList()), now)));
        return status;
    }

    /** Whether two statuses say the same, ignoring when their conditions changed. */
    static boolean sameContent(HardeningExemptionStatus a, HardeningExemptionStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && a.getAcceptedBy().equals(b.getAcceptedBy())
                && refusals(a).equals(refusals(b))
                && Objects.equals(a.getUntil(), b.getUntil()) && a.getState() == b.getState()
                && Objects.equals(a.getExemptedWorkloads(), b.getExemptedWorkloads())
                && conditions(a).equals(conditions(b));
    }

    private static List<String> refusals(HardeningExemptionStatus status) {
        return status.getRefusedBy().stream().map(refusal -> refusal.getPolicy() + ": " + refusal.getReason())
                .toList();
    }

    private static List<String> conditions(HardeningExemptionStatus status) {
        return status.getConditions().stream().map(condition -> condition.getType() + "=" + condition.getStatus()
                + "/" + condition.getReason() + "/" + condition.getMessage()).toList();
    }

    private static Condition accepted(HardeningExemptionStatus previous, long generation, ConditionStatus value,
                                      String reason, String message, Instant now) {
        return Conditions.of(ACCEPTED, previous == null ? List.of() : previous.getConditions(), generation, value,
                reason, message, now);
    }
}
