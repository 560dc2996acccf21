package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Severity;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The totals of a scan, for the end of every report; the workloads themselves went to the reports one by one.
 *
 * @param toolVersion the CLI's version
 * @param policy the policy that was evaluated
 * @param failOn findings at or above this severity fail the scan
 * @param objects the Kubernetes objects read, workloads or not
 * @param workloads every workload found, matched by the policy or not
 * @param matched the workloads the policy applies to, Dockerfiles and Compose services included
 * @param dockerfiles the Dockerfiles among them
 * @param composeServices the Compose services among them
 * @param compliant the matched workloads without violations (baselined ones count as violations here)
 * @param exemptFindings findings exemptions waived
 * @param findingsBySeverity findings outside the baseline, per severity, every severity present, most serious first
 * @param byCheck per check id, in catalogue order: findings outside the baseline and workloads with them
 * @param baselinedFindings findings the baseline holds, neither shown nor counted toward failure
 * @param failed whether some finding outside the baseline is at or above {@code failOn}
 * @param skippedDocuments documents and list items that are not workloads (Services, ConfigMaps, ...)
 * @param excludedDocuments rendered documents whose template {@code --exclude} matches
 * @param notObjects mappings without apiVersion and kind, which are not Kubernetes objects
 * @param undeclaredKinds the skipped objects of unknown kinds that carry a pod template, by kind, in input order
 * @param unknownKinds the skipped objects of kinds nothing declares, by kind, in input order
 * @param problems input errors, in input order
 * @param unsegmentedNamespaces the namespaces of matched workloads whose NetworkPolicies the input does not hold, in
 *                              input order, when the policy runs the network-policy check: not checked there
 * @param failOnEmpty whether input with objects but no workload fails the scan
 */
public record ScanReport(String toolVersion, CompiledPolicy policy, Severity failOn, int objects, int workloads,
                         int matched, int dockerfiles, int composeServices, int compliant, int exemptFindings, Map<Severity, Integer> findingsBySeverity,
                         Map<String, CheckTally> byCheck, int baselinedFindings, boolean failed, int skippedDocuments,
                         int excludedDocuments, int notObjects, List<UndeclaredKind> undeclaredKinds,
                         List<UnknownKind> unknownKinds, List<InputProblem> problems,
                         List<String> unsegmentedNamespaces, boolean failOnEmpty) {

    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_INPUT_ERROR = 2;

    /**
     * @param findings findings of the check outside the baseline
     * @param workloads workloads with such findings
     * @param fix how the first of them is fixed; null without findings
     */
    public record CheckTally(Severity severity, int findings, int workloads, String fix) {
    }

    /** The checks with findings, most severe first and, within a severity, those with most findings first. */
    public List<Map.Entry<String, CheckTally>> checksWithFindings() {
        return byCheck.entrySet().stream().filter(entry -> entry.getValue().findings() > 0)
                .sorted(Map.Entry.comparingByValue(Comparator.comparing(CheckTally::severity)
                        .thenComparing(Comparator.comparingInt(CheckTally::findings).reversed())))
                .toList();
    }

    public ScanReport {
        findingsBySeverity = new EnumMap<>(findingsBySeverity);
        byCheck = new LinkedHashMap<>(byCheck);
        undeclaredKinds = List.copyOf(undeclaredKinds);
        unknownKinds = List.copyOf(unknownKinds);
        problems = List.copyOf(problems);
        unsegmentedNamespaces = List.copyOf(unsegmentedNamespaces);
    }

    /** Workloads the policy's match rules leave out. */
    public int notMatched() {
        return workloads - matched;
    }

    public int violating() {
        return matched - compliant;
    }

    public int findings() {
        return findingsBySeverity.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Compliant workloads as a percentage of the matched ones, rounded down to one decimal; null when none. */
    public Double complianceScore() {
        if (matched == 0) {
            return null;
        }
        return Math.floor(compliant * 1000.0 / matched) / 10.0;
    }

    /** True when the input held Kubernetes objects but not one workload, and that fails the scan. */
    public boolean emptyFailure() {
        return failOnEmpty && workloads == 0 && objects > 0;
    }

    /** The line that says why an input without workloads failed. */
    public String emptyMessage() {
        return "shipshape: no workload found among the input's " + objects + " object" + (objects == 1 ? "" : "s")
                + ", so nothing was checked (--no-fail-on-empty accepts that)";
    }

    /**
     * 2 when some input could not be read or input with objects held no workload, else 1 when a finding outside the
     * baseline reaches {@link #failOn()}, else 0.
     */
    public int exitCode() {
        if (!problems.isEmpty() || emptyFailure()) {
            return EXIT_INPUT_ERROR;
        }
        return failed ? EXIT_FINDINGS : EXIT_CLEAN;
    }
}
