package dev.shipshape.audit;

import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.ExemptFinding;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One existing workload audited against one policy.
 *
 * @param workload the workload
 * @param uid the workload's metadata.uid, for reports and events
 * @param status where it stands
 * @param violations the findings that count, in catalogue and container order; held without their workload (each
 *                   is the verdict's), so that equal findings of different workloads are one object
 * @param wouldDeny whether Enforce mode would deny it now: a violation at or above the policy's denySeverity
 * @param remediation the add-only JSON patch that fills in its missing hardening fields, empty when the policy
 *                    does not remediate existing workloads or nothing can be filled in
 * @param auditedAt when it was evaluated
 * @param exemptedBy where the exemptions that cover some finding of it are written ({@code exemption #0},
 *                   {@code HardeningExemption shop/legacy-db}), each once
 */
public record Verdict(WorkloadRef workload, String uid, VerdictStatus status, List<Finding> violations,
                      boolean wouldDeny, List<JsonPatchOperation> remediation, Instant auditedAt,
                      List<String> exemptedBy) {

    private static final HeldOnce<String> TEXTS = new HeldOnce<>(8192);
    private static final HeldOnce<FieldPath> PATHS = new HeldOnce<>(8192);
    private static final HeldOnce<Finding> FINDINGS = new HeldOnce<>(8192);

    public Verdict {
        violations = violations.stream().map(Verdict::held).toList();
        remediation = List.copyOf(remediation);
        exemptedBy = exemptedBy.stream().map(TEXTS::share).toList();
    }

    /** A verdict without exempt findings. */
    public Verdict(WorkloadRef workload, String uid, VerdictStatus status, List<Finding> violations,
                   boolean wouldDeny, List<JsonPatchOperation> remediation, Instant auditedAt) {
        this(workload, uid, status, violations, wouldDeny, remediation, auditedAt, List.of());
    }

    /** The verdict of an evaluation, or empty when the policy does not match the workload. */
    public static Optional<Verdict> of(EvaluationResult result, String uid, Severity denySeverity,
                                       List<JsonPatchOperation> remediation, Instant now) {
        if (!result.applicable()) {
            return Optional.empty();
        }
        VerdictStatus status = !result.violations().isEmpty() ? VerdictStatus.VIOLATING
                : result.exempt().isEmpty() ? VerdictStatus.COMPLIANT : VerdictStatus.EXEMPT;
        List<String> exemptedBy = result.exempt().stream().map(ExemptFinding::origin).distinct().toList();
        return Optional.of(new Verdict(result.workload(), uid, status, result.violations(),
                !result.atLeast(denySeverity).isEmpty(), remediation, now, exemptedBy));
    }

    /** The findings that count, in catalogue and container order, each naming this verdict's workload. */
    @Override
    public List<Finding> violations() {
        List<Finding> findings = new ArrayList<>(violations.size());
        for (Finding held : violations) {
            findings.add(new Finding(held.checkId(), held.severity(), workload, held.container(), held.image(),
                    held.path(), held.message(), held.fix()));
        }
        return Collections.unmodifiableList(findings);
    }

    private static Finding held(Finding finding) {
        return FINDINGS.share(new Finding(finding.checkId(), finding.severity(), null,
                TEXTS.share(finding.container()), TEXTS.share(finding.image()), PATHS.share(finding.path()),
                TEXTS.share(finding.message()), TEXTS.share(finding.fix())));
    }

    /** The ids of the checks it violates, in catalogue order. */
    public Set<String> violatedChecks() {
        Set<String> checks = new LinkedHashSet<>();
        for (Finding finding : violations) {
            checks.add(finding.checkId());
        }
        return checks;
    }

    /** Whether the other verdict says the same about the workload, whenever it was reached. */
    public boolean sameAs(Verdict other) {
        return other != null && workload.equals(other.workload) && uid.equals(other.uid) && status == other.status
                && violations.equals(other.violations) && wouldDeny == other.wouldDeny
                && remediation.equals(other.remediation) && exemptedBy.equals(other.exemptedBy);
    }
}
