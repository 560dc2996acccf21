package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a scan found, for the report formats.
 *
 * @param toolVersion the CLI's version
 * @param policy the policy that was evaluated
 * @param failOn findings at or above this severity fail the scan
 * @param files the inputs, in the order they were read
 * @param workloads every workload found, matched by the policy or not, in input order
 * @param problems input errors, in input order
 * @param skippedDocuments documents and list items that are not workloads (Services, ConfigMaps, ...)
 * @param undeclaredKinds the skipped objects of unknown kinds that carry a pod template, by kind, in input order
 * @param unsegmentedNamespaces the namespaces of matched workloads whose NetworkPolicies the input does not hold, in
 *                              input order, when the policy runs the network-policy check: not checked there
 */
public record ScanReport(String toolVersion, CompiledPolicy policy, Severity failOn, List<ManifestFile> files,
                         List<ScannedWorkload> workloads, List<InputProblem> problems, int skippedDocuments,
                         List<UndeclaredKind> undeclaredKinds, List<String> unsegmentedNamespaces) {

    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_INPUT_ERROR = 2;

    public ScanReport {
        files = List.copyOf(files);
        workloads = List.copyOf(workloads);
        problems = List.copyOf(problems);
        undeclaredKinds = List.copyOf(undeclaredKinds);
        unsegmentedNamespaces = List.copyOf(unsegmentedNamespaces);
    }

    /** The workloads the policy applies to. */
    public List<ScannedWorkload> matched() {
        return workloads.stream().filter(workload -> workload.result().applicable()).toList();
    }

    /** Workloads the policy's match rules leave out. */
    public int notMatched() {
        return workloads.size() - matched().size();
    }

    public int compliant() {
        return (int) matched().stream().filter(workload -> workload.result().compliant()).count();
    }

    public int violating() {
        return matched().size() - compliant();
    }

    public int exemptFindings() {
        return matched().stream().mapToInt(workload -> workload.result().exempt().size()).sum();
    }

    /** Violations per severity, every severity present, most serious first. */
    public Map<Severity, Integer> findingsBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0);
        }
        for (ScannedWorkload workload : matched()) {
            for (Finding finding : workload.result().violations()) {
                counts.merge(finding.severity(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public int findings() {
        return findingsBySeverity().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Compliant workloads as a percentage of the matched ones, rounded down to one decimal; null when none. */
    public Double complianceScore() {
        int total = matched().size();
        if (total == 0) {
            return null;
        }
        return Math.floor(compliant() * 1000.0 / total) / 10.0;
    }

    /** True when some finding is at or above {@link #failOn()}. */
    public boolean failed() {
        return matched().stream().anyMatch(workload -> !workload.result().atLeast(failOn).isEmpty());
    }

    public List<InputProblem> problemsIn(String file) {
        return problems.stream().filter(problem -> problem.file().equals(file)).toList();
    }

    public List<ScannedWorkload> workloadsIn(String file) {
        return workloads.stream().filter(workload -> workload.file().equals(file)).toList();
    }

    /** 2 when some input could not be read, else 1 when a finding reaches {@link #failOn()}, else 0. */
    public int exitCode() {
        if (!problems.isEmpty()) {
            return EXIT_INPUT_ERROR;
        }
        return failed() ? EXIT_FINDINGS : EXIT_CLEAN;
    }
}
