package dev.shipshape.audit;

import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTallyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final WorkloadRef WEB = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
    private static final WorkloadRef API = new WorkloadRef("apps/v1", "Deployment", "shop", "api");
    private static final WorkloadRef BATCH = new WorkloadRef("batch/v1", "Job", "jobs", "batch");
    private static final String WEB_KEY = key(WEB);
    private static final String API_KEY = key(API);
    private static final String BATCH_KEY = key(BATCH);

    private final PolicyTally tally = new PolicyTally();

    @Test
    void anEmptyTallyCountsNothing() {
        AuditSummary summary = tally.summary();

        assertThat(summary).isEqualTo(summary(0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(summary.checks()).isEmpty();
        assertThat(tally.namespaces()).isEmpty();
        assertThat(tally.get(WEB_KEY)).isNull();
    }

    @Test
    void putCountsStatusesSeveritiesWouldDenyAndChecks() {
        tally.put(WEB_KEY, violating(WEB, true,
                finding(WEB, "privileged", Severity.CRITICAL, "app"),
                finding(WEB, "privileged", Severity.CRITICAL, "sidecar"),
                finding(WEB, "run-as-non-root", Severity.HIGH, "app")));
        tally.put(API_KEY, violating(API, false,
                finding(API, "read-only-root-filesystem", Severity.MEDIUM, "api"),
                finding(API, "run-as-non-root", Severity.HIGH, "api"),
                finding(API, "liveness-probe", Severity.LOW, "api")));
        tally.put(BATCH_KEY, compliant(BATCH));
        tally.put(key(new WorkloadRef("v1", "Pod", "jobs", "debug")),
                exempt(new WorkloadRef("v1", "Pod", "jobs", "debug")));

        AuditSummary summary = tally.summary();

        assertThat(summary).isEqualTo(new AuditSummary(4, 1, 2, 1,
                Map.of(Severity.CRITICAL, 2, Severity.HIGH, 2, Severity.MEDIUM, 1, Severity.LOW, 1), 1, List.of(
                        // most violating workloads first, then by id
                        new CheckTally("run-as-non-root", Severity.HIGH, 2, 2),
                        new CheckTally("liveness-probe", Severity.LOW, 1, 1),
                        new CheckTally("privileged", Severity.CRITICAL, 2, 1),
                        new CheckTally("read-only-root-filesystem", Severity.MEDIUM, 1, 1))));
        assertThat(tally.namespaces()).containsExactly("jobs", "shop");
        assertThat(tally.verdictsIn("shop")).extracting(verdict -> verdict.workload().name())
                .containsExactly("api", "web");
        assertThat(tally.verdictsIn("elsewhere")).isEmpty();
    }

    @Test
    void replacingAVerdictWithACompliantOneAndBackKeepsTheCountsExact() {
        Verdict violating = violating(WEB, true,
                finding(WEB, "privileged", Severity.CRITICAL, "app"),
                finding(WEB, "privileged", Severity.CRITICAL, "sidecar"),
                finding(WEB, "run-as-non-root", Severity.HIGH, "app"));
        Verdict compliant = compliant(WEB);
        tally.put(API_KEY, compliant(API));

        assertThat(tally.put(WEB_KEY, violating)).isNull();
        AuditSummary whileViolating = tally.summary();
        assertThat(whileViolating).isEqualTo(new AuditSummary(2, 1, 1, 0,
                Map.of(Severity.CRITICAL, 2, Severity.HIGH, 1, Severity.MEDIUM, 0, Severity.LOW, 0), 1, List.of(
                        new CheckTally("privileged", Severity.CRITICAL, 2, 1),
                        new CheckTally("run-as-non-root", Severity.HIGH, 1, 1))));

        assertThat(tally.put(WEB_KEY, compliant)).isSameAs(violating);
        assertThat(tally.summary()).isEqualTo(summary(2, 2, 0, 0, 0, 0, 0, 0, 0));
        assertThat(tally.get(WEB_KEY)).isSameAs(compliant);

        assertThat(tally.put(WEB_KEY, violating)).isSameAs(compliant);
        assertThat(tally.summary()).isEqualTo(whileViolating);

        assertThat(tally.put(WEB_KEY, violating)).isSameAs(violating);
        assertThat(tally.summary()).isEqualTo(whileViolating);
    }

    @Test
    void removeForgetsTheVerdictAndItsCounts() {
        Verdict web = violating(WEB, true, finding(WEB, "privileged", Severity.CRITICAL, "app"));
        tally.put(WEB_KEY, web);
        tally.put(BATCH_KEY, exempt(BATCH));

        assertThat(tally.remove(WEB_KEY)).isSameAs(web);

        assertThat(tally.summary()).isEqualTo(summary(1, 0, 0, 1, 0, 0, 0, 0, 0));
        assertThat(tally.get(WEB_KEY)).isNull();
        assertThat(tally.namespaces()).containsExactly("jobs");
        assertThat(tally.verdictsIn("shop")).isEmpty();
    }

    @Test
    void removingAnUnknownKeyChangesNothing() {
        tally.put(WEB_KEY, violating(WEB, true, finding(WEB, "privileged", Severity.CRITICAL, "app")));
        AuditSummary before = tally.summary();

        assertThat(tally.remove(API_KEY)).isNull();
        assertThat(tally.remove(API_KEY)).isNull();

        assertThat(tally.summary()).isEqualTo(before);
        assertThat(tally.namespaces()).containsExactly("shop");
    }

    @Test
    void aCheckTallyVanishesWithItsLastWorkload() {
        tally.put(WEB_KEY, violating(WEB, false, finding(WEB, "privileged", Severity.CRITICAL, "app"),
                finding(WEB, "liveness-probe", Severity.LOW, "app")));
        tally.put(API_KEY, violating(API, false, finding(API, "privileged", Severity.CRITICAL, "api")));

        tally.remove(WEB_KEY);

        assertThat(tally.summary().checks()).containsExactly(new CheckTally("privileged", Severity.CRITICAL, 1, 1));

        tally.put(API_KEY, compliant(API));

        assertThat(tally.summary().checks()).isEmpty();
        assertThat(tally.summary().violations()).allSatisfy((severity, count) -> assertThat(count).isZero());

        // and comes back with its severity when violated again
        tally.put(API_KEY, violating(API, false, finding(API, "privileged", Severity.LOW, "api")));

        assertThat(tally.summary().checks()).containsExactly(new CheckTally("privileged", Severity.LOW, 1, 1));
    }

    @Test
    void anySequenceOfPutsAndRemovesCountsAsARecount() {
        List<WorkloadRef> workloads = new ArrayList<>();
        for (String namespace : List.of("shop", "jobs", "legacy")) {
            for (String name : List.of("a", "b", "c")) {
                workloads.add(new WorkloadRef("apps/v1", "Deployment", namespace, name));
            }
        }
        Random random = new Random(20260301L);
        Map<String, Verdict> expected = new HashMap<>();

        for (int step = 0; step < 2_000; step++) {
            WorkloadRef workload = workloads.get(random.nextInt(workloads.size()));
            String key = key(workload);
            if (random.nextInt(4) == 0) {
                assertThat(tally.remove(key)).isSameAs(expected.remove(key));
            } else {
                Verdict verdict = randomVerdict(workload, random);
                assertThat(tally.put(key, verdict)).isSameAs(expected.put(key, verdict));
            }
            assertThat(tally.summary()).as("after step %d", step).isEqualTo(recount(expected.values()));
            assertThat(tally.namespaces()).isEqualTo(new TreeSet<>(
                    expected.values().stream().map(verdict -> verdict.workload().namespace()).toList()));
        }
    }

    // ---- support ----------------------------------------------------------------------------------------------

    private static final List<String> CHECKS = List.of("privileged", "run-as-non-root", "read-only-root-filesystem",
            "liveness-probe");

    /** A verdict whose checks always have the same severity, as in one policy. */
    private static Verdict randomVerdict(WorkloadRef workload, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> compliant(workload);
            case 1 -> exempt(workload);
            default -> {
                List<Finding> findings = new ArrayList<>();
                int count = 1 + random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    int check = random.nextInt(CHECKS.size());
                    findings.add(finding(workload, CHECKS.get(check), Severity.values()[check],
                            "container-" + random.nextInt(2)));
                }
                yield violating(workload, random.nextBoolean(), findings.toArray(Finding[]::new));
            }
        };
    }

    /** The summary counted from scratch, independently of PolicyTally. */
    private static AuditSummary recount(Collection<Verdict> verdicts) {
        int[] statuses = new int[VerdictStatus.values().length];
        Map<Severity, Integer> violations = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            violations.put(severity, 0);
        }
        Map<String, Severity> severities = new HashMap<>();
        Map<String, Integer> findingsPerCheck = new HashMap<>();
        Map<String, Integer> workloadsPerCheck = new HashMap<>();
        int wouldDeny = 0;
        for (Verdict verdict : verdicts) {
            statuses[verdict.status().ordinal()]++;
            if (verdict.wouldDeny()) {
                wouldDeny++;
            }
            Set<String> checks = new LinkedHashSet<>();
            for (Finding finding : verdict.violations()) {
                violations.merge(finding.severity(), 1, Integer::sum);
                findingsPerCheck.merge(finding.checkId(), 1, Integer::sum);
                severities.put(finding.checkId(), finding.severity());
                checks.add(finding.checkId());
            }
            checks.forEach(check -> workloadsPerCheck.merge(check, 1, Integer::sum));
        }
        List<CheckTally> checks = new ArrayList<>();
        workloadsPerCheck.forEach((check, workloads) -> checks.add(
                new CheckTally(check, severities.get(check), findingsPerCheck.get(check), workloads)));
        checks.sort(Comparator.comparing(CheckTally::workloads, Comparator.reverseOrder())
                .thenComparing(CheckTally::check));
        return new AuditSummary(verdicts.size(), statuses[VerdictStatus.COMPLIANT.ordinal()],
                statuses[VerdictStatus.VIOLATING.ordinal()], statuses[VerdictStatus.EXEMPT.ordinal()], violations,
                wouldDeny, checks);
    }

    private static AuditSummary summary(int workloads, int compliant, int violating, int exempt, int critical,
                                        int high, int medium, int low, int wouldDeny) {
        return new AuditSummary(workloads, compliant, violating, exempt, Map.of(Severity.CRITICAL, critical,
                Severity.HIGH, high, Severity.MEDIUM, medium, Severity.LOW, low), wouldDeny, List.of());
    }

    private static String key(WorkloadRef workload) {
        return workload.kind() + "/" + workload.namespace() + "/" + workload.name();
    }

    private static Finding finding(WorkloadRef workload, String check, Severity severity, String container) {
        return new Finding(check, severity, workload, container, "nginx:1.27",
                FieldPath.of("spec", "template", "spec", "containers").index(0).field("securityContext"),
                "container " + container + " violates " + check, "fix " + check);
    }

    private static Verdict violating(WorkloadRef workload, boolean wouldDeny, Finding... findings) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.VIOLATING, List.of(findings), wouldDeny,
                List.of(), NOW);
    }

    private static Verdict compliant(WorkloadRef workload) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.COMPLIANT, List.of(), false, List.of(),
                NOW);
    }

    private static Verdict exempt(WorkloadRef workload) {
        return new Verdict(workload, "uid-" + workload.name(), VerdictStatus.EXEMPT, List.of(), false, List.of(),
                NOW);
    }
}
