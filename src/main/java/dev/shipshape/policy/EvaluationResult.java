package dev.shipshape.policy;

import java.util.List;

/**
 * The outcome of evaluating one policy against one workload.
 *
 * @param policy the policy's name
 * @param workload the workload
 * @param applicable false when the policy's match rules exclude the workload (then all lists are empty)
 * @param violations findings that count, in catalogue and container order
 * @param exempt findings an exemption covers
 * @param expiredExemptions exemptions that would have covered a finding but have expired
 */
public record EvaluationResult(String policy, WorkloadRef workload, boolean applicable, List<Finding> violations,
                               List<ExemptFinding> exempt, List<Exemption> expiredExemptions) {

    public static EvaluationResult notApplicable(String policy, WorkloadRef workload) {
        return new EvaluationResult(policy, workload, false, List.of(), List.of(), List.of());
    }

    public boolean compliant() {
        return violations.isEmpty();
    }

    /** Violations at or above {@code threshold}. */
    public List<Finding> atLeast(Severity threshold) {
        return violations.stream().filter(finding -> finding.severity().atLeast(threshold)).toList();
    }

    /** The most serious severity among the violations, or null when there are none. */
    public Severity highestSeverity() {
        Severity highest = null;
        for (Finding finding : violations) {
            if (highest == null || finding.severity().atLeast(highest)) {
                highest = finding.severity();
            }
        }
        return highest;
    }
}
