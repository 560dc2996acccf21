package dev.shipshape.audit;

import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verdicts of one policy over the existing workloads, with counts kept up to date as verdicts come and go,
 * so a workload change costs one verdict, never a recount. Not thread-safe; {@link Audit} guards it.
 */
final class PolicyTally {

    private final Map<String, Verdict> verdicts = new HashMap<>();
    private final Map<String, Map<String, Verdict>> byNamespace = new TreeMap<>();
    private final int[] statuses = new int[VerdictStatus.values().length];
    private final Map<Severity, Integer> violations = new EnumMap<>(Severity.class);
    private final Map<String, MutableCheckTally> checks = new HashMap<>();
    private int wouldDeny;

    /** Sets the verdict on the workload {@code key}; returns the verdict it replaces, or null. */
    Verdict put(String key, Verdict verdict) {
        Verdict previous = remove(key);
        verdicts.put(key, verdict);
        byNamespace.computeIfAbsent(verdict.workload().namespace(), namespace -> new TreeMap<>()).put(key, verdict);
        count(verdict, 1);
        return previous;
    }

    /** Forgets the workload {@code key}; returns its verdict, or null. */
    Verdict remove(String key) {
        Verdict previous = verdicts.remove(key);
        if (previous != null) {
            String namespace = previous.workload().namespace();
            Map<String, Verdict> inNamespace = byNamespace.get(namespace);
            inNamespace.remove(key);
            if (inNamespace.isEmpty()) {
                byNamespace.remove(namespace);
            }
            count(previous, -1);
        }
        return previous;
    }

    Verdict get(String key) {
        return verdicts.get(key);
    }

    /** Namespaces with at least one matched workload, sorted. */
    Set<String> namespaces() {
        return byNamespace.keySet();
    }

    /** The verdicts in {@code namespace}, by workload key. */
    List<Verdict> verdictsIn(String namespace) {
        Map<String, Verdict> inNamespace = byNamespace.get(namespace);
        return inNamespace == null ? List.of() : List.copyOf(inNamespace.values());
    }

    AuditSummary summary() {
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, violations.getOrDefault(severity, 0));
        }
        List<CheckTally> tallies = new ArrayList<>();
        for (Map.Entry<String, MutableCheckTally> check : checks.entrySet()) {
            MutableCheckTally tally = check.getValue();
            tallies.add(new CheckTally(check.getKey(), tally.severity, tally.violations, tally.workloads));
        }
        tallies.sort(Comparator.comparingInt(CheckTally::workloads).reversed().thenComparing(CheckTally::check));
        return new AuditSummary(verdicts.size(), statuses[VerdictStatus.COMPLIANT.ordinal()],
                statuses[VerdictStatus.VIOLATING.ordinal()], statuses[VerdictStatus.EXEMPT.ordinal()], bySeverity,
                wouldDeny, tallies);
    }

    private void count(Verdict verdict, int sign) {
        statuses[verdict.status().ordinal()] += sign;
        if (verdict.wouldDeny()) {
            wouldDeny += sign;
        }
        Map<String, Integer> findingsPerCheck = new LinkedHashMap<>();
        for (Finding finding : verdict.violations()) {
            violations.merge(finding.severity(), sign, Integer::sum);
            findingsPerCheck.merge(finding.checkId(), 1, Integer::sum);
            checks.computeIfAbsent(finding.checkId(), id -> new MutableCheckTally(finding.severity()));
        }
        for (Map.Entry<String, Integer> check : findingsPerCheck.entrySet()) {
            MutableCheckTally tally = checks.get(check.getKey());
            tally.violations += sign * check.getValue();
            tally.workloads += sign;
            if (tally.workloads == 0) {
                checks.remove(check.getKey());
            }
        }
    }

    private static final class MutableCheckTally {
        private final Severity severity;
        private int violations;
        private int workloads;

        MutableCheckTally(Severity severity) {
            this.severity = severity;
        }
    }
}
