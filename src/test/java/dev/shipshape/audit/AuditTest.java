package dev.shipshape.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.policy.Workload;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuditTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String READ_ONLY_ROOT = "read-only-root-filesystem";
    private static final String LIVENESS = "liveness-probe";
    private static final String PRIVILEGED = "privileged";

    /** Every hardened check, in every namespace. */
    private static final String EVERYTHING = "everything";

    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    private final Audit audit = new Audit(namespace -> namespaceLabels.getOrDefault(namespace, Map.of()),
            Clock.fixed(NOW, ZoneOffset.UTC));

    // ---- summary ----------------------------------------------------------------------------------------------

    @Test
    void summaryCountsCompliantViolatingAndExemptWorkloads() {
        audit.putPolicy("shop", policy("shop", """
                denySeverity: high
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: [legacy]
                  reason: the legacy images write to their root filesystem
                """));
        putShopWorkloads();

        AuditSummary summary = audit.summary("shop").orElseThrow();

        assertThat(summary.workloads()).isEqualTo(5);
        assertThat(summary.compliant()).isEqualTo(2);
        assertThat(summary.violating()).isEqualTo(2);
        assertThat(summary.exempt()).isEqualTo(1);
        assertThat(summary.violations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Severity.CRITICAL, 1, Severity.HIGH, 0, Severity.MEDIUM, 3, Severity.LOW, 1));
        assertThat(summary.wouldDeny()).isEqualTo(1);
        assertThat(summary.checks()).containsExactly(
                new CheckTally(READ_ONLY_ROOT, Severity.MEDIUM, 3, 2),
                new CheckTally(LIVENESS, Severity.LOW, 1, 1),
                new CheckTally(PRIVILEGED, Severity.CRITICAL, 1, 1));
        assertThat(summary.complianceRatio()).isEqualTo(0.6);
        assertThat(summary.complianceRatioText()).isEqualTo("0.60");

        Map<String, List<Verdict>> verdicts = audit.verdictsByNamespace("shop");
        assertThat(verdicts.get("legacy")).singleElement().satisfies(verdict -> {
            assertThat(verdict.status()).isEqualTo(VerdictStatus.EXEMPT);
            assertThat(verdict.violations()).isEmpty();
            assertThat(verdict.wouldDeny()).isFalse();
        });
        assertThat(verdicts.get("shop"))
                .extracting(verdict -> verdict.workload().name(), Verdict::status, Verdict::wouldDeny,
                        Verdict::uid, Verdict::auditedAt)
                .containsExactly(
                        tuple("api", VerdictStatus.VIOLATING, true, "uid-api", NOW),
                        tuple("cart", VerdictStatus.COMPLIANT, false, "uid-cart", NOW),
                        tuple("web", VerdictStatus.COMPLIANT, false, "uid-web", NOW),
                        tuple("worker", VerdictStatus.VIOLATING, false, "uid-worker", NOW));
    }

    @Test
    void anExemptionThatExpiresIsNoLongerHonouredFromItsExpiryWithoutAnyWorkloadChanging() {
        MovableClock clock = new MovableClock(NOW);
        Audit timed = new Audit(namespace -> Map.of(), clock);
        timed.putPolicy("shop", policy("shop", """
                denySeverity: high
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: [legacy]
                  reason: until the batch image is rebuilt
                  expires: "2026-03-01T12:00:30Z"
                """));
        Deployment batch = deployment("legacy", "batch", withoutReadOnlyRoot("batch"));
        timed.putWorkload(key(batch), workload(batch), "uid-batch");
        assertThat(timed.summary("shop").orElseThrow().exempt()).isEqualTo(1);

        clock.now = NOW.plusSeconds(29);
        assertThat(timed.exemptionsExpired("shop")).as("not yet expired").isEmpty();
        assertThat(timed.summary("shop").orElseThrow().exempt()).isEqualTo(1);

        clock.now = NOW.plusSeconds(30);
        List<Audit.Change> changes = timed.exemptionsExpired("shop");
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.previous().status()).isEqualTo(VerdictStatus.EXEMPT);
            assertThat(change.current().status()).isEqualTo(VerdictStatus.VIOLATING);
        });
        assertThat(timed.summary("shop").orElseThrow().violating()).isEqualTo(1);
        assertThat(timed.summary("shop").orElseThrow().exempt()).isZero();

        clock.now = NOW.plusSeconds(60);
        assertThat(timed.exemptionsExpired("shop")).as("an expiry is acted on once").isEmpty();
        assertThat(timed.exemptionsExpired("unknown")).isEmpty();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void withoutTheExemptionTheLegacyWorkloadViolates() {
        audit.putPolicy("shop", policy("shop", "denySeverity: high"));
        putShopWorkloads();

        AuditSummary summary = audit.summary("shop").orElseThrow();

        assertThat(summary.violating()).isEqualTo(3);
        assertThat(summary.exempt()).isZero();
        assertThat(summary.checks()).first().isEqualTo(new CheckTally(READ_ONLY_ROOT, Severity.MEDIUM, 4, 3));
        assertThat(summary.complianceRatioText()).isEqualTo("0.40");
    }

    static Stream<Arguments> wouldDeny() {
        return Stream.of(
                // denySeverity, workloads Enforce would deny: api has critical, medium and low findings,
                // worker only medium ones, legacy/batch only exempt ones
                arguments("critical", 1),
                arguments("high", 1),
                arguments("medium", 2),
                arguments("low", 2));
    }

    @ParameterizedTest(name = "denySeverity {0}: {1} would be denied")
    @MethodSource
    void wouldDeny(String denySeverity, int expected) {
        audit.putPolicy("shop", policy("shop", "denySeverity: " + denySeverity + """

                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: [legacy]
                  reason: the legacy images write to their root filesystem
                """));
        putShopWorkloads();

        AuditSummary summary = audit.summary("shop").orElseThrow();

        assertThat(summary.wouldDeny()).isEqualTo(expected);
        assertThat(audit.verdictsByNamespace("shop").values().stream().flatMap(List::stream))
                .filteredOn(Verdict::wouldDeny)
                .hasSize(expected);
    }

    static Stream<Arguments> complianceRatio() {
        return Stream.of(
                // compliant, violating, exempt workloads, the ratio's text
                arguments(0, 0, 0, "1.00"),
                arguments(3, 0, 0, "1.00"),
                arguments(0, 0, 2, "1.00"),
                arguments(2, 1, 0, "0.66"),
                arguments(1, 2, 0, "0.33"),
                arguments(1, 1, 1, "0.66"),
                arguments(1, 1, 0, "0.50"),
                arguments(0, 1, 0, "0.00"),
                arguments(199, 1, 0, "0.99"));
    }

    @ParameterizedTest(name = "{0} compliant, {1} violating, {2} exempt: {3}")
    @MethodSource
    void complianceRatio(int compliant, int violating, int exempt, String expected) {
        audit.putPolicy("shop", policy("shop", """
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: [legacy]
                  reason: legacy
                """));
        for (int i = 0; i < compliant; i++) {
            put(deployment("shop", "compliant-" + i, hardened("app")));
        }
        for (int i = 0; i < violating; i++) {
            put(deployment("shop", "violating-" + i, withoutReadOnlyRoot("app")));
        }
        for (int i = 0; i < exempt; i++) {
            put(deployment("legacy", "exempt-" + i, withoutReadOnlyRoot("app")));
        }

        AuditSummary summary = audit.summary("shop").orElseThrow();

        int workloads = compliant + violating + exempt;
        assertThat(summary.workloads()).isEqualTo(workloads);
        assertThat(summary.complianceRatioText()).isEqualTo(expected);
        assertThat(summary.complianceRatio())
                .isEqualTo(workloads == 0 ? 1.0 : (double) (compliant + exempt) / workloads);
    }

    // ---- workload changes -------------------------------------------------------------------------------------

    @Test
    void putWorkloadReportsOnlyThePoliciesWhoseVerdictChanged() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));
        audit.putPolicy("no-probes", policy("no-probes", """
                checks:
                - id: liveness-probe
                  disabled: true
                """));
        audit.putPolicy("payments-only", policy("payments-only", """
                match:
                  namespaces: [payments]
                """));

        List<Audit.Change> added = put(deployment("shop", "api", withoutLiveness(withoutReadOnlyRoot("api"))));

        assertThat(added).extracting(Audit.Change::policy).containsExactlyInAnyOrder(EVERYTHING, "no-probes");
        assertThat(added).allSatisfy(change -> {
            assertThat(change.previous()).isNull();
            assertThat(change.current().status()).isEqualTo(VerdictStatus.VIOLATING);
        });
        assertThat(change(added, EVERYTHING).current().violatedChecks()).containsExactly(READ_ONLY_ROOT, LIVENESS);
        assertThat(change(added, "no-probes").current().violatedChecks()).containsExactly(READ_ONLY_ROOT);

        assertThat(put(deployment("shop", "api", withoutLiveness(withoutReadOnlyRoot("api"))))).isEmpty();

        List<Audit.Change> probeAdded = put(deployment("shop", "api", withoutReadOnlyRoot("api")));

        assertThat(probeAdded).singleElement().satisfies(change -> {
            assertThat(change.policy()).isEqualTo(EVERYTHING);
            assertThat(change.previous()).isEqualTo(change(added, EVERYTHING).current());
            assertThat(change.current().status()).isEqualTo(VerdictStatus.VIOLATING);
            assertThat(change.current().violatedChecks()).containsExactly(READ_ONLY_ROOT);
        });

        List<Audit.Change> fixed = put(deployment("shop", "api", hardened("api")));

        assertThat(fixed).extracting(Audit.Change::policy).containsExactlyInAnyOrder(EVERYTHING, "no-probes");
        assertThat(fixed).allSatisfy(change -> {
            assertThat(change.previous().status()).isEqualTo(VerdictStatus.VIOLATING);
            assertThat(change.current().status()).isEqualTo(VerdictStatus.COMPLIANT);
            assertThat(change.current().violations()).isEmpty();
        });
        assertThat(change(fixed, EVERYTHING).previous()).isEqualTo(probeAdded.get(0).current());
        assertThat(audit.summary(EVERYTHING).orElseThrow())
                .extracting(AuditSummary::workloads, AuditSummary::compliant, AuditSummary::violating)
                .containsExactly(1, 1, 0);
        assertThat(audit.summary(EVERYTHING).orElseThrow().checks()).isEmpty();
        assertThat(audit.summary("payments-only").orElseThrow().workloads()).isZero();
        assertThat(audit.workloadCount()).isEqualTo(1);
    }

    @Test
    void aWorkloadTheSelectorNoLongerMatchesLosesItsVerdict() {
        audit.putPolicy("web-tier", policy("web-tier", """
                match:
                  objectSelector:
                    matchLabels:
                      tier: web
                """));
        Deployment labelled = deployment("shop", "api", withoutReadOnlyRoot("api"));
        labelled.getMetadata().getLabels().put("tier", "web");

        Verdict matched = put(labelled).get(0).current();

        List<Audit.Change> unlabelled = put(deployment("shop", "api", withoutReadOnlyRoot("api")));

        assertThat(unlabelled).containsExactly(new Audit.Change("web-tier", matched, null));
        assertThat(audit.summary("web-tier").orElseThrow().workloads()).isZero();
        assertThat(audit.verdictsByNamespace("web-tier")).isEmpty();
    }

    @Test
    void removeWorkloadUpdatesTheCountsAndReturnsTheChange() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));
        put(deployment("shop", "web", hardened("web")));
        Deployment api = deployment("shop", "api", withoutReadOnlyRoot("api"));
        Verdict apiVerdict = put(api).get(0).current();
        assertThat(audit.summary(EVERYTHING).orElseThrow().violating()).isEqualTo(1);

        List<Audit.Change> removed = audit.removeWorkload(key(api));

        assertThat(removed).containsExactly(new Audit.Change(EVERYTHING, apiVerdict, null));
        AuditSummary summary = audit.summary(EVERYTHING).orElseThrow();
        assertThat(summary.workloads()).isEqualTo(1);
        assertThat(summary.compliant()).isEqualTo(1);
        assertThat(summary.violating()).isZero();
        assertThat(summary.violations()).containsOnlyKeys(Severity.values()).allSatisfy(
                (severity, count) -> assertThat(count).isZero());
        assertThat(summary.checks()).isEmpty();
        assertThat(audit.workloadCount()).isEqualTo(1);

        assertThat(audit.removeWorkload(key(api))).isEmpty();
        assertThat(audit.removeWorkload("Deployment/shop/unknown")).isEmpty();
        assertThat(audit.summary(EVERYTHING).orElseThrow().workloads()).isEqualTo(1);
    }

    @Test
    void aWorkloadInANamespaceThePolicyDoesNotMatchGetsNoVerdict() {
        audit.putPolicy("shop-only", policy("shop-only", """
                match:
                  namespaces: [shop]
                """));

        assertThat(put(deployment("payments", "api", withoutReadOnlyRoot("api")))).isEmpty();
        assertThat(audit.summary("shop-only").orElseThrow().workloads()).isZero();
        assertThat(audit.verdictsByNamespace("shop-only")).isEmpty();
        assertThat(audit.workloadCount()).isEqualTo(1);

        assertThat(put(deployment("shop", "api", withoutReadOnlyRoot("api"))))
                .extracting(Audit.Change::policy).containsExactly("shop-only");
        assertThat(audit.verdictsByNamespace("shop-only")).containsOnlyKeys("shop");
    }

    @Test
    void namespaceChangedFlipsMatchingOfANamespaceSelectorPolicy() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));
        audit.putPolicy("payments-team", policy("payments-team", """
                match:
                  namespaceSelector:
                    matchLabels:
                      team: payments
                """));

        assertThat(put(deployment("shop", "api", withoutReadOnlyRoot("api"))))
                .extracting(Audit.Change::policy).containsExactly(EVERYTHING);
        put(deployment("billing", "ledger", withoutReadOnlyRoot("ledger")));
        assertThat(audit.summary("payments-team").orElseThrow().workloads()).isZero();

        namespaceLabels.put("shop", Map.of("team", "payments"));
        namespaceLabels.put("billing", Map.of("team", "payments"));
        List<Audit.Change> labelled = audit.namespaceChanged("shop");

        assertThat(labelled).singleElement().satisfies(change -> {
            assertThat(change.policy()).isEqualTo("payments-team");
            assertThat(change.previous()).isNull();
            assertThat(change.current().workload().name()).isEqualTo("api");
            assertThat(change.current().status()).isEqualTo(VerdictStatus.VIOLATING);
        });
        // only the namespace that changed is evaluated again
        assertThat(audit.verdictsByNamespace("payments-team")).containsOnlyKeys("shop");
        assertThat(audit.namespaceChanged("shop")).isEmpty();
        assertThat(audit.namespaceChanged("elsewhere")).isEmpty();

        namespaceLabels.put("shop", Map.of("team", "retail"));
        List<Audit.Change> relabelled = audit.namespaceChanged("shop");

        assertThat(relabelled)
                .containsExactly(new Audit.Change("payments-team", labelled.get(0).current(), null));
        assertThat(audit.summary("payments-team").orElseThrow().workloads()).isZero();
        assertThat(audit.summary(EVERYTHING).orElseThrow().workloads()).isEqualTo(2);
    }

    // ---- policy changes ---------------------------------------------------------------------------------------

    @Test
    void putPolicyEvaluatesTheWorkloadsAlreadyKnown() {
        assertThat(put(deployment("shop", "web", hardened("web")))).isEmpty();
        assertThat(put(deployment("shop", "api", withoutReadOnlyRoot("api")))).isEmpty();
        assertThat(audit.workloadCount()).isEqualTo(2);
        assertThat(audit.policyNames()).isEmpty();
        assertThat(audit.summary(EVERYTHING)).isEmpty();

        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));

        AuditSummary summary = audit.summary(EVERYTHING).orElseThrow();
        assertThat(summary.workloads()).isEqualTo(2);
        assertThat(summary.compliant()).isEqualTo(1);
        assertThat(summary.violating()).isEqualTo(1);
        assertThat(summary.checks()).containsExactly(new CheckTally(READ_ONLY_ROOT, Severity.MEDIUM, 1, 1));
        assertThat(audit.policyNames()).containsExactly(EVERYTHING);
    }

    @Test
    void aPolicyAddedLaterFindsExactlyWhatItWouldHaveFoundOnTheWorkloadAsItArrived() throws Exception {
        Deployment bad;
        try (var in = new java.io.FileInputStream("deploy/samples/workloads/bad-deployment.yaml")) {
            bad = YAML.readValue(in, Deployment.class);
        }
        bad.getMetadata().setUid("uid-bad");
        bad.getMetadata().setAnnotations(Map.of(
                "kubectl.kubernetes.io/last-applied-configuration", "{\"a\": \"large copy of the object\"}",
                PolicyEvaluator.EXEMPT_ANNOTATION, "image-tag-pinned"));
        bad.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(
                "container.apparmor.security.beta.kubernetes.io/web", "unconfined"));
        String withAnnotationExemptions = "allowAnnotationExemptions: true\n";
        EvaluationResult direct = PolicyEvaluator.evaluate(policy("late", withAnnotationExemptions),
                workload(bad), Map.of(), NOW);
        assertThat(direct.violations()).extracting(finding -> finding.checkId())
                .contains("apparmor-profile", "run-as-non-root", "secret-env-literals")
                .doesNotContain("image-tag-pinned");
        put(bad);

        audit.putPolicy("late", policy("late", withAnnotationExemptions));

        Verdict verdict = audit.verdictsByNamespace("late").get("shop").get(0);
        assertThat(verdict.uid()).isEqualTo("uid-bad");
        assertThat(verdict.violations()).isEqualTo(direct.violations());
        assertThat(audit.summary("late").orElseThrow().exempt()).isZero();
    }

    @Test
    void putPolicyEvaluatesOnlyThatPolicy() {
        audit.putPolicy("payments-team", policy("payments-team", """
                match:
                  namespaceSelector:
                    matchLabels:
                      team: payments
                """));
        put(deployment("shop", "api", withoutReadOnlyRoot("api")));
        // the labels change without namespaceChanged: only a rescan can notice
        namespaceLabels.put("shop", Map.of("team", "payments"));

        audit.putPolicy("payments-copy", policy("payments-copy", """
                match:
                  namespaceSelector:
                    matchLabels:
                      team: payments
                """));

        assertThat(audit.summary("payments-copy").orElseThrow().workloads()).isEqualTo(1);
        assertThat(audit.summary("payments-team").orElseThrow().workloads()).isZero();

        audit.putPolicy("payments-team", policy("payments-team", 2, """
                match:
                  namespaceSelector:
                    matchLabels:
                      team: payments
                """, false));

        assertThat(audit.summary("payments-team").orElseThrow().workloads()).isEqualTo(1);
    }

    @Test
    void putPolicyReplacesThePolicyAndItsVerdicts() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));
        put(deployment("shop", "api", withoutReadOnlyRoot("api")));
        assertThat(audit.summary(EVERYTHING).orElseThrow().violating()).isEqualTo(1);

        audit.putPolicy(EVERYTHING, policy(EVERYTHING, 2, """
                exemptions:
                - checks: [read-only-root-filesystem]
                  namespaces: [shop]
                  reason: the shop writes to its root filesystem
                """, false));

        AuditSummary summary = audit.summary(EVERYTHING).orElseThrow();
        assertThat(summary.workloads()).isEqualTo(1);
        assertThat(summary.violating()).isZero();
        assertThat(summary.exempt()).isEqualTo(1);
        assertThat(summary.checks()).isEmpty();
        assertThat(audit.hasPolicy(EVERYTHING, policy(EVERYTHING, 1, "", false))).isFalse();
    }

    @Test
    void hasPolicyComparesTheGenerationAndTheExemptions() {
        CompiledPolicy held = policy(EVERYTHING, 3, "", false);
        audit.putPolicy(EVERYTHING, held);

        assertThat(audit.hasPolicy(EVERYTHING, policy(EVERYTHING, 3, "", false))).isTrue();
        assertThat(audit.hasPolicy(EVERYTHING, policy(EVERYTHING, 2, "", false))).isFalse();
        assertThat(audit.hasPolicy(EVERYTHING, policy(EVERYTHING, 4, "", false))).isFalse();
        assertThat(audit.hasPolicy("other", held)).isFalse();
        ExemptionRequest honoured = new ExemptionRequest("shop", "legacy", List.of(EVERYTHING), null,
                List.of("read-only-root-filesystem"), List.of(), List.of(), List.of(), "legacy app",
                Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(audit.hasPolicy(EVERYTHING, held.withHonoured(List.of(honoured))))
                .as("a HardeningExemption honoured since").isFalse();
    }

    @Test
    void removePolicyDropsItsSummaryAndVerdicts() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, "", true));
        audit.putPolicy("kept", policy("kept", ""));
        Deployment api = deployment("shop", "api", withoutReadOnlyRoot("api"));
        put(api);
        assertThat(audit.remediable(EVERYTHING)).hasSize(1);

        audit.removePolicy(EVERYTHING);

        assertThat(audit.summary(EVERYTHING)).isEmpty();
        assertThat(audit.hasPolicy(EVERYTHING, policy(EVERYTHING, ""))).isFalse();
        assertThat(audit.policyNames()).containsExactly("kept");
        assertThat(audit.verdictsByNamespace(EVERYTHING)).isEmpty();
        assertThat(audit.remediable(EVERYTHING)).isEmpty();
        assertThat(put(deployment("shop", "api", hardened("api"))))
                .extracting(Audit.Change::policy).containsExactly("kept");
        assertThat(audit.removeWorkload(key(api))).extracting(Audit.Change::policy).containsExactly("kept");
        assertThat(audit.summary("kept")).isPresent();
    }

    // ---- remediation of existing workloads --------------------------------------------------------------------

    @Test
    void aViolatingDeploymentGetsARemediationAndStaysUnchanged() {
        CompiledPolicy fix = policy("fix", "", true);
        audit.putPolicy("fix", fix);
        Deployment api = deployment("shop", "api", withoutReadOnlyRoot("api"));
        Workload workload = workload(api);

        List<Audit.Change> changes = audit.putWorkload(key(api), workload, "uid-api");

        Verdict verdict = changes.get(0).current();
        assertThat(verdict.status()).isEqualTo(VerdictStatus.VIOLATING);
        assertThat(verdict.remediation()).containsExactly(JsonPatchOperation.add(
                FieldPath.of("spec", "template", "spec", "containers").index(0)
                        .field("securityContext").field("readOnlyRootFilesystem"),
                BooleanNode.TRUE));
        assertThat(audit.remediable("fix")).containsExactly(verdict);

        // neither the workload nor the object it was read from is remediated
        assertThat(api.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
                .getReadOnlyRootFilesystem()).isNull();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                .isNull();
        EvaluationResult again = PolicyEvaluator.evaluate(fix, workload, Map.of(), NOW);
        assertThat(again.compliant()).isFalse();
        assertThat(again.violations()).extracting(finding -> finding.checkId()).containsExactly(READ_ONLY_ROOT);
        assertThat(audit.putWorkload(key(api), workload, "uid-api")).isEmpty();
    }

    @Test
    void theRemediationOfAWorkloadWithoutSecurityContextOnlyAddsFieldsUnderThePodSpec() {
        audit.putPolicy("fix", policy("fix", "", true));
        Container bare = new ContainerBuilder(hardened("api")).withSecurityContext((SecurityContext) null).build();
        Deployment api = deployment("shop", "api", bare);
        api.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null);
        api.getSpec().getTemplate().getSpec().setSecurityContext(null);

        Verdict verdict = put(api).get(0).current();

        assertThat(verdict.remediation()).isNotEmpty().allSatisfy(operation -> {
            assertThat(operation.op()).isEqualTo("add");
            assertThat(operation.path().toJsonPointer()).startsWith("/spec/template/spec/");
        });
        assertThat(verdict.remediation()).extracting(operation -> operation.path().toJsonPointer())
                .contains("/spec/template/spec/automountServiceAccountToken");
        assertThat(api.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(api.getSpec().getTemplate().getSpec().getSecurityContext()).isNull();
        assertThat(api.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isNull();
        assertThat(api.getSpec().getTemplate().getSpec().getVolumes()).extracting(volume -> volume.getName())
                .containsExactly("tmp");
        assertThat(put(api)).isEmpty();
    }

    @Test
    void remediableListsExactlyTheVerdictsWithARemediation() {
        audit.putPolicy("fix", policy("fix", "", true));
        audit.putPolicy("report-only", policy("report-only", ""));
        Verdict api = change(put(deployment("shop", "api", withoutReadOnlyRoot("api"))), "fix").current();
        Verdict worker = change(put(deployment("jobs", "worker", withoutReadOnlyRoot("worker"))), "fix").current();
        Verdict pod = change(put(pod("shop", "debug", withoutReadOnlyRoot("debug"))), "fix").current();
        Verdict probeless = change(put(deployment("shop", "probeless", withoutLiveness(hardened("probeless")))),
                "fix").current();
        Verdict web = change(put(deployment("shop", "web", hardened("web"))), "fix").current();

        assertThat(pod.status()).isEqualTo(VerdictStatus.VIOLATING);
        assertThat(pod.violatedChecks()).containsExactly(READ_ONLY_ROOT);
        assertThat(pod.remediation()).isEmpty();
        assertThat(probeless.status()).isEqualTo(VerdictStatus.VIOLATING);
        assertThat(probeless.remediation()).isEmpty();
        assertThat(web.remediation()).isEmpty();
        assertThat(api.remediation()).isNotEmpty();
        assertThat(worker.remediation()).isNotEmpty();
        assertThat(audit.remediable("fix")).containsExactly(worker, api);
        assertThat(audit.verdictsByNamespace("report-only").values()).allSatisfy(verdicts ->
                assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.remediation()).isEmpty()));
        assertThat(audit.remediable("report-only")).isEmpty();
        assertThat(audit.remediable("unknown")).isEmpty();
    }

    // ---- reports ----------------------------------------------------------------------------------------------

    @Test
    void verdictsByNamespaceAreSortedByNamespace() {
        audit.putPolicy(EVERYTHING, policy(EVERYTHING, ""));
        put(deployment("zeta", "web", hardened("web")));
        put(deployment("alpha", "web", hardened("web")));
        put(deployment("mid", "web", withoutReadOnlyRoot("web")));
        put(pod("alpha", "debug", hardened("debug")));

        Map<String, List<Verdict>> verdicts = audit.verdictsByNamespace(EVERYTHING);

        assertThat(verdicts).containsOnlyKeys("alpha", "mid", "zeta");
        assertThat(new ArrayList<>(verdicts.keySet())).containsExactly("alpha", "mid", "zeta");
        assertThat(verdicts.get("alpha")).extracting(verdict -> verdict.workload().kind())
                .containsExactly("Deployment", "Pod");
        assertThat(verdicts.get("mid")).singleElement()
                .extracting(Verdict::status).isEqualTo(VerdictStatus.VIOLATING);
        assertThat(audit.verdictsByNamespace("unknown")).isEmpty();
    }

    // ---- support ----------------------------------------------------------------------------------------------

    /**
     * shop/web and shop/cart compliant; shop/api privileged, without read-only root filesystem and liveness
     * probe; shop/worker two containers without read-only root filesystem; legacy/batch without read-only root
     * filesystem.
     */
    private void putShopWorkloads() {
        put(deployment("shop", "web", hardened("web")));
        put(deployment("shop", "cart", hardened("cart")));
        put(deployment("shop", "api", privileged(withoutLiveness(withoutReadOnlyRoot("api")))));
        put(deployment("shop", "worker", withoutReadOnlyRoot("worker"), withoutReadOnlyRoot("sidecar")));
        put(deployment("legacy", "batch", withoutReadOnlyRoot("batch")));
    }

    private List<Audit.Change> put(HasMetadata object) {
        return audit.putWorkload(key(object), workload(object), object.getMetadata().getUid());
    }

    private static Audit.Change change(List<Audit.Change> changes, String policy) {
        return changes.stream().filter(change -> change.policy().equals(policy)).findFirst()
                .orElseThrow(() -> new AssertionError("no change for " + policy + " in " + changes));
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static Workload workload(HasMetadata object) {
        try {
            return Workloads.fromObject(object).orElseThrow();
        } catch (InvalidWorkloadException e) {
            throw new AssertionError(e);
        }
    }

    private static CompiledPolicy policy(String name, String yaml) {
        return policy(name, 1, yaml, false);
    }

    private static CompiledPolicy policy(String name, String yaml, boolean remediateExisting) {
        return policy(name, 1, yaml, remediateExisting);
    }

    private static CompiledPolicy policy(String name, long generation, String yaml, boolean remediateExisting) {
        try {
            HardeningPolicySpec spec = yaml.isBlank() ? new HardeningPolicySpec()
                    : YAML.readValue(yaml, HardeningPolicySpec.class);
            return TestPolicies.audited(PolicyCompiler.compile(name, spec), generation, remediateExisting);
        } catch (JsonProcessingException | InvalidPolicyException e) {
            throw new AssertionError("test policy " + name + " is invalid", e);
        }
    }

    private static Deployment deployment(String namespace, String name, Container... containers) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withUid("uid-" + name)
                .addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(containers)
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    private static Pod pod(String namespace, String name, Container... containers) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withUid("uid-" + name).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(containers)
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
    }

    /** A container that passes every hardened check. */
    private static Container hardened(String name) {
        return new ContainerBuilder().withName(name).withImage("registry.example.com/shop/" + name + ":1.8.3")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().addToDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet()
                .endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet()
                .endReadinessProbe()
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    /** Violates read-only-root-filesystem (medium), which the remediation fills in. */
    private static Container withoutReadOnlyRoot(String name) {
        return new ContainerBuilder(hardened(name))
                .editSecurityContext().withReadOnlyRootFilesystem(null).endSecurityContext()
                .build();
    }

    /** Also violates liveness-probe (low), which no remediation fills in. */
    private static Container withoutLiveness(Container container) {
        return new ContainerBuilder(container).withLivenessProbe((Probe) null).build();
    }

    /** Also violates privileged (critical). */
    private static Container privileged(Container container) {
        return new ContainerBuilder(container)
                .editSecurityContext().withPrivileged(true).endSecurityContext()
                .build();
    }
}
