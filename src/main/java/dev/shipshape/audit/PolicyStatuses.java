package dev.shipshape.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.admissionpolicy.AdmissionPolicyGenerator;
import dev.shipshape.admissionpolicy.EnforcementPlan;
import dev.shipshape.api.v1alpha1.CheckCount;
import dev.shipshape.api.v1alpha1.Condition;
import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.EnforcementStatus;
import dev.shipshape.api.v1alpha1.ExemptionState;
import dev.shipshape.api.v1alpha1.ExemptionStatus;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.PolicySummary;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.api.v1alpha1.ViolationCounts;
import dev.shipshape.api.v1alpha1.WebhookCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionExpiry;
import dev.shipshape.policy.Exemptions;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the status of a HardeningPolicy from its audit; no I/O. */
public final class PolicyStatuses {

    /** Entries in status.topViolations. */
    public static final int TOP_VIOLATIONS = 5;
    public static final String READY = "Ready";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private PolicyStatuses() {
    }

    /**
     * The status of a valid policy; {@code summary} is null until the workload informers have synced.
     *
     * @param exemptions the policy's exemptions, of which those expiring or expired at {@code now} are listed
     */
    public static HardeningPolicyStatus valid(long generation, HardeningPolicyStatus previous, AuditSummary summary,
                                              RemediationStatus remediation, Exemptions exemptions,
                                              EnforcementStatus enforcement, Instant now) {
        HardeningPolicyStatus status = new HardeningPolicyStatus();
        status.setEnforcement(enforcement);
        status.setExemptions(exemptionStatuses(exemptions, now));
        status.setObservedGeneration(generation);
        status.setConditions(List.of(ready(previous, generation, ConditionStatus.True, "Valid",
                summary == null ? "The policy is valid and in effect; the audit of existing workloads is starting."
                        : "The policy is valid and in effect.", now)));
        if (summary != null) {
            status.setSummary(summary(summary));
            status.setComplianceRatio(summary.complianceRatioText());
            status.setWouldDeny(summary.wouldDeny());
            List<CheckCount> top = new ArrayList<>();
            for (CheckTally tally : summary.topViolations(TOP_VIOLATIONS)) {
                CheckCount count = new CheckCount();
                count.setCheck(tally.check());
                count.setCount(tally.workloads());
                top.add(count);
            }
            status.setTopViolations(top);
            status.setLastAuditTime(now.toString());
        }
        status.setRemediation(remediation);
        return status;
    }

    /** What the Ready condition of an invalid policy says before its problems. */
    static final String ENFORCES_NOTHING = "The spec is invalid, so this policy enforces, warns about and audits "
            + "nothing until it is fixed:";

    /**
     * The status of a policy whose spec does not compile (applied while the webhook that checks policies was down):
     * Ready=False saying it enforces nothing and listing every problem, no audit.
     */
    public static HardeningPolicyStatus invalid(long generation, HardeningPolicyStatus previous, List<String> problems,
                                                Instant now) {
        HardeningPolicyStatus status = new HardeningPolicyStatus();
        status.setObservedGeneration(generation);
        status.setConditions(List.of(ready(previous, generation, ConditionStatus.False, "InvalidSpec",
                ENFORCES_NOTHING + "\n" + String.join("\n", problems), now)));
        return status;
    }

    private static List<ExemptionStatus> exemptionStatuses(Exemptions exemptions, Instant now) {
        List<ExemptionStatus> listed = new ArrayList<>();
        for (Exemption exemption : exemptions.all()) {
            ExemptionState state = switch (ExemptionExpiry.state(exemption, now)) {
                case ACTIVE -> null;
                case EXPIRING -> ExemptionState.Expiring;
                case EXPIRED -> ExemptionState.Expired;
            };
            if (state != null) {
                ExemptionStatus entry = new ExemptionStatus();
                entry.setIndex(exemption.index());
                entry.setReason(exemption.reason());
                entry.setExpires(exemption.expires().toString());
                entry.setState(state);
                listed.add(entry);
            }
        }
        return listed;
    }

    /** Whether two statuses say the same, ignoring when they were computed. */
    public static boolean sameContent(HardeningPolicyStatus a, HardeningPolicyStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return withoutTimes(a).equals(withoutTimes(b));
    }

    private static JsonNode withoutTimes(HardeningPolicyStatus status) {
        ObjectNode tree = SERIALIZATION.convertValue(status, ObjectNode.class);
        tree.remove("lastAuditTime");
        for (JsonNode condition : tree.path("conditions")) {
            ((ObjectNode) condition).remove("lastTransitionTime");
        }
        return tree;
    }

    private static PolicySummary summary(AuditSummary audit) {
        PolicySummary summary = new PolicySummary();
        summary.setWorkloads(audit.workloads());
        summary.setCompliant(audit.compliant());
        summary.setViolating(audit.violating());
        summary.setExempt(audit.exempt());
        ViolationCounts violations = new ViolationCounts();
        violations.setCritical(audit.violations().get(Severity.CRITICAL));
        violations.setHigh(audit.violations().get(Severity.HIGH));
        violations.setMedium(audit.violations().get(Severity.MEDIUM));
        violations.setLow(audit.violations().get(Severity.LOW));
        summary.setViolations(violations);
        return summary;
    }

    private static Condition ready(HardeningPolicyStatus previous, long generation, ConditionStatus value,
                                   String reason, String message, Instant now) {
        return Conditions.of(READY, previous == null ? List.of() : previous.getConditions(), generation, value, reason,
                message, now);
    }

    /** Which part of the cluster decides the policy's checks, as {@code plan} says. */
    public static EnforcementStatus enforcement(CompiledPolicy policy, EnforcementPlan plan) {
        EnforcementStatus status = new EnforcementStatus();
        status.setPath(plan.path());
        status.setReason(plan.reason());
        if (plan.generated()) {
            status.setAdmissionPolicies(AdmissionPolicyGenerator.objectNames(policy));
            status.setAdmissionPolicyChecks(plan.admissionPolicyChecks());
            List<WebhookCheck> webhookChecks = new ArrayList<>();
            plan.webhookOnly().forEach((check, reason) -> webhookChecks.add(new WebhookCheck(check,
                    plan.webhookDecidesWebhookOnly() ? reason : reason + "; spec.enforcement is AdmissionPolicy, so "
                            + "it is only audited")));
            status.setWebhookChecks(webhookChecks);
        }
        return status;
    }
}
