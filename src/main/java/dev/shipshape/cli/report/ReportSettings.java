package dev.shipshape.cli.report;

import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;

/**
 * What every report says before the first workload is known.
 *
 * @param toolVersion the CLI's version
 * @param policy the policy evaluated
 * @param failOn findings at or above it fail the scan
 * @param baseline the baseline file findings are compared with, as given; null without one
 * @param summaryOnly whether the table shows the totals per check instead of every workload
 * @param ansi colors for the table
 */
public record ReportSettings(String toolVersion, CompiledPolicy policy, Severity failOn, String baseline,
                             boolean summaryOnly, Ansi ansi) {
}
