package dev.shipshape.audit;

import dev.shipshape.policy.Severity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A policy's standing over the existing workloads it matches.
 *
 * @param workloads matched workloads
 * @param compliant those without findings
 * @param violating those with at least one violation
 * @param exempt those whose findings are all exempt
 * @param violations violations (findings) by severity, every severity present
 * @param wouldDeny workloads Enforce mode would deny now
 * @param checks every violated check, the most violating workloads first, then by id
 */
public record AuditSummary(int workloads, int compliant, int violating, int exempt, Map<Severity, Integer> violations,
                           int wouldDeny, List<CheckTally> checks) {

    public AuditSummary {
        violations = Map.copyOf(violations);
        checks = List.copyOf(checks);
    }

    /** The share of matched workloads that do not violate the policy, 1 when none is matched. */
    public double complianceRatio() {
        return workloads == 0 ? 1.0 : (double) (workloads - violating) / workloads;
    }

    /** {@link #complianceRatio()} as a two-digit decimal string, rounded down so "1.00" means no violation. */
    public String complianceRatioText() {
        if (workloads == 0) {
            return "1.00";
        }
        return BigDecimal.valueOf(workloads - violating).divide(BigDecimal.valueOf(workloads), 2, RoundingMode.DOWN)
                .toPlainString();
    }

    /** The {@code limit} checks with the most violating workloads. */
    public List<CheckTally> topViolations(int limit) {
        return checks.subList(0, Math.min(limit, checks.size()));
    }
}
