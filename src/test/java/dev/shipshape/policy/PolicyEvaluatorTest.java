package dev.shipshape.policy;

import dev.shipshape.policy.checks.CheckFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** Baseline findings: privileged (container "app") and host-namespaces (pod-level). */
    private static Workload deployment(String annotations, String templateAnnotations) {
        return CheckFixtures.workload("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: agent
                  namespace: monitoring
                  annotations: %s
                spec:
                  template:
                    metadata:
                      annotations: %s
                    spec:
                      hostPID: true
                      containers:
                      - name: app
                        image: registry.example.com/agent:3.0
                        securityContext: {privileged: true}
                """.formatted(annotations, templateAnnotations));
    }

    private static EvaluationResult evaluate(String spec, Workload workload) {
        return PolicyEvaluator.evaluate(PolicySpecs.compile(spec), workload, Map.of(), NOW);
    }

    private static List<String> checkIds(List<Finding> findings) {
        return findings.stream().map(Finding::checkId).toList();
    }

    @Test
    void annotationExemptsTheListedChecksWhenThePolicyAllowsIt() {
        EvaluationResult result = evaluate("{profile: baseline, allowAnnotationExemptions: true}",
                deployment("{shipshape.dev/exempt: \" privileged , seccomp-baseline\"}", "{}"));

        assertThat(checkIds(result.violations())).containsExactly("host-namespaces");
        assertThat(result.exempt()).singleElement().satisfies(exempt -> {
            assertThat(exempt.finding().checkId()).isEqualTo("privileged");
            assertThat(exempt.reason()).isEqualTo("annotation shipshape.dev/exempt");
        });
    }

    @Test
    void annotationIsIgnoredUnlessThePolicyAllowsIt() {
        Workload annotated = deployment("{shipshape.dev/exempt: \"privileged,host-namespaces\"}", "{}");

        EvaluationResult byDefault = evaluate("profile: baseline", annotated);
        EvaluationResult disallowed = evaluate("{profile: baseline, allowAnnotationExemptions: false}", annotated);

        assertThat(checkIds(byDefault.violations())).containsExactlyInAnyOrder("privileged", "host-namespaces");
        assertThat(byDefault.exempt()).isEmpty();
        assertThat(checkIds(disallowed.violations())).containsExactlyInAnyOrder("privileged", "host-namespaces");
    }

    @Test
    void onlyTheWorkloadObjectsOwnAnnotationCounts() {
        EvaluationResult result = evaluate("{profile: baseline, allowAnnotationExemptions: true}",
                deployment("{}", "{shipshape.dev/exempt: privileged}"));

        assertThat(checkIds(result.violations())).containsExactlyInAnyOrder("privileged", "host-namespaces");
        assertThat(result.exempt()).isEmpty();
    }

    @Test
    void blankAnnotationExemptsNothing() {
        EvaluationResult result = evaluate("{profile: baseline, allowAnnotationExemptions: true}",
                deployment("{shipshape.dev/exempt: \" , \"}", "{}"));

        assertThat(checkIds(result.violations())).containsExactlyInAnyOrder("privileged", "host-namespaces");
    }

    @Test
    void policyExemptionsStillApplyBesideTheAnnotation() {
        EvaluationResult result = evaluate("""
                profile: baseline
                allowAnnotationExemptions: true
                exemptions:
                - {checks: [host-namespaces], workloads: [agent], reason: node agent}
                """, deployment("{shipshape.dev/exempt: privileged}", "{}"));

        assertThat(result.violations()).isEmpty();
        assertThat(result.exempt()).extracting(ExemptFinding::reason)
                .containsExactlyInAnyOrder("annotation shipshape.dev/exempt", "exemption #0: node agent");
    }

    @Test
    void workloadOutsideTheMatchIsNotApplicable() {
        EvaluationResult result = evaluate("{profile: baseline, match: {excludedNamespaces: [monitoring]}}",
                deployment("{}", "{}"));

        assertThat(result.applicable()).isFalse();
        assertThat(result.violations()).isEmpty();
    }
}
