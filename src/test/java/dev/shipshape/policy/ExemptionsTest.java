package dev.shipshape.policy;

import dev.shipshape.policy.checks.CheckFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExemptionsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** Baseline findings: privileged in both containers, host-namespaces (pod-level) for hostNetwork. */
    private static final Workload POSTGRES = CheckFixtures.workload("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: postgres-main, namespace: legacy-db}
            spec:
              template:
                spec:
                  hostNetwork: true
                  containers:
                  - name: db
                    image: docker.io/library/postgres:16
                    securityContext: {privileged: true}
                  - name: metrics
                    image: registry.example.com/vendor/exporter:2.1
                    securityContext: {privileged: true}
            """);

    private static EvaluationResult evaluate(String exemptions, Instant now) {
        CompiledPolicy policy = PolicySpecs.compile("profile: baseline\nexemptions:\n" + exemptions);
        return PolicyEvaluator.evaluate(policy, POSTGRES, Map.of("kubernetes.io/metadata.name", "legacy-db"), now);
    }

    private static List<String> violations(EvaluationResult result) {
        return result.violations().stream().map(ExemptionsTest::describe).toList();
    }

    private static List<String> exempt(EvaluationResult result) {
        return result.exempt().stream().map(exempt -> describe(exempt.finding())).toList();
    }

    private static String describe(Finding finding) {
        return finding.checkId() + (finding.container() == null ? "" : "/" + finding.container());
    }

    @Test
    void withoutExemptionsEveryFindingIsAViolation() {
        EvaluationResult result = PolicyEvaluator.evaluate(PolicySpecs.compile("profile: baseline"), POSTGRES,
                Map.of(), NOW);

        assertThat(violations(result)).containsExactlyInAnyOrder("privileged/db", "privileged/metrics",
                "host-namespaces");
        assertThat(result.exempt()).isEmpty();
    }

    @Test
    void containerGlobExemptsOnlyMatchingContainers() {
        EvaluationResult result = evaluate("- {checks: [privileged], containers: [\"d?\"], reason: needs raw disk}", NOW);

        assertThat(exempt(result)).containsExactly("privileged/db");
        assertThat(violations(result)).containsExactlyInAnyOrder("privileged/metrics", "host-namespaces");
        assertThat(result.exempt().get(0).reason()).isEqualTo("exemption #0: needs raw disk");
    }

    @Test
    void imageGlobExemptsContainersRunningMatchingImages() {
        EvaluationResult result = evaluate(
                "- {checks: [privileged], images: [\"registry.example.com/vendor/*\"], reason: vendor exporter}", NOW);

        assertThat(exempt(result)).containsExactly("privileged/metrics");
        assertThat(violations(result)).containsExactlyInAnyOrder("privileged/db", "host-namespaces");
    }

    @Test
    void workloadAndNamespaceGlobsMustBothMatch() {
        EvaluationResult matching = evaluate("- {checks: [privileged], namespaces: [\"legacy-*\"], "
                + "workloads: [\"postgres-*\"], reason: legacy database}", NOW);
        EvaluationResult otherNamespace = evaluate("- {checks: [privileged], namespaces: [prod], "
                + "workloads: [\"postgres-*\"], reason: legacy database}", NOW);
        EvaluationResult otherWorkload = evaluate("- {checks: [privileged], namespaces: [\"legacy-*\"], "
                + "workloads: [\"mysql-*\"], reason: legacy database}", NOW);

        assertThat(exempt(matching)).containsExactlyInAnyOrder("privileged/db", "privileged/metrics");
        assertThat(violations(matching)).containsExactly("host-namespaces");
        assertThat(otherNamespace.exempt()).isEmpty();
        assertThat(otherWorkload.exempt()).isEmpty();
    }

    @Test
    void exemptionWithoutChecksCoversEveryCheckOfWhatItSelects() {
        EvaluationResult result = evaluate("- {workloads: [postgres-main], reason: being migrated}", NOW);

        assertThat(result.violations()).isEmpty();
        assertThat(result.compliant()).isTrue();
        assertThat(exempt(result)).containsExactlyInAnyOrder("privileged/db", "privileged/metrics", "host-namespaces");
    }

    @Test
    void podLevelFindingsAreNotExemptedByContainerOrImageScopedExemptions() {
        EvaluationResult byContainer = evaluate("- {checks: [host-namespaces], containers: [\"*\"], reason: r}", NOW);
        EvaluationResult byImage = evaluate("- {checks: [host-namespaces], images: [\"*\"], reason: r}", NOW);
        EvaluationResult byWorkload = evaluate("- {checks: [host-namespaces], workloads: [\"*\"], reason: r}", NOW);

        assertThat(violations(byContainer)).contains("host-namespaces");
        assertThat(violations(byImage)).contains("host-namespaces");
        assertThat(exempt(byWorkload)).containsExactly("host-namespaces");
    }

    @Test
    void exemptionAppliesUntilItExpires() {
        String exemption = "- {checks: [privileged], reason: until the migration, expires: \"2026-07-01T00:00:00Z\"}";

        EvaluationResult before = evaluate(exemption, Instant.parse("2026-06-30T23:59:59Z"));
        EvaluationResult at = evaluate(exemption, Instant.parse("2026-07-01T00:00:00Z"));

        assertThat(exempt(before)).containsExactlyInAnyOrder("privileged/db", "privileged/metrics");
        assertThat(before.expiredExemptions()).isEmpty();
        assertThat(at.exempt()).isEmpty();
        assertThat(violations(at)).containsExactlyInAnyOrder("privileged/db", "privileged/metrics", "host-namespaces");
    }

    @Test
    void expiredExemptionIsReportedOnceWithTheFindingsItNoLongerCovers() {
        EvaluationResult result = evaluate("""
                - {checks: [privileged], reason: old exception, expires: "2026-01-01T00:00:00Z"}
                """, NOW);

        assertThat(result.expiredExemptions()).singleElement().satisfies(expired -> {
            assertThat(expired.index()).isZero();
            assertThat(expired.reason()).isEqualTo("old exception");
            assertThat(expired.expires()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        });
        assertThat(violations(result)).contains("privileged/db", "privileged/metrics");
    }

    @Test
    void unexpiredExemptionWinsOverAnExpiredOne() {
        EvaluationResult result = evaluate("""
                - {checks: [privileged], reason: old exception, expires: "2026-01-01T00:00:00Z"}
                - {checks: [privileged], containers: [db], reason: renewed, expires: "2027-01-01T00:00:00Z"}
                """, NOW);

        assertThat(exempt(result)).containsExactly("privileged/db");
        assertThat(result.exempt().get(0).reason()).isEqualTo("exemption #1: renewed");
        assertThat(violations(result)).contains("privileged/metrics");
        assertThat(result.expiredExemptions()).extracting(Exemption::index).containsExactly(0);
    }

    @Test
    void expiredExemptionThatCoversNothingIsNotReported() {
        EvaluationResult result = evaluate("""
                - {checks: [run-as-non-root], reason: old exception, expires: "2026-01-01T00:00:00Z"}
                """, NOW);

        assertThat(result.expiredExemptions()).isEmpty();
    }
}
