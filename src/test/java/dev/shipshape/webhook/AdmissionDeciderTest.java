package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionDeciderTest {

    private final AdmissionDecider decider = new AdmissionDecider(java.util.Set.of("shipshape-system", "kube-system"));

    static byte[] fixture(String name) {
        try (InputStream in = AdmissionDeciderTest.class.getResourceAsStream("/webhook/reviews/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AdmissionPolicy policy(String name, Mode mode, Severity denySeverity,
                                          AdmissionRemediation admission) {
        CompiledPolicy hardened = CompiledPolicy.forProfile(Profile.HARDENED);
        return new AdmissionPolicy(new CompiledPolicy(name, hardened.profile(), denySeverity, hardened.checks(),
                hardened.match(), hardened.exemptions(), false), mode, admission);
    }

    private AdmissionOutcome decide(WebhookKind webhook, String fixture, AdmissionPolicy... policies)
            throws BadReviewException {
        return decider.decide(webhook, AdmissionReviews.read(fixture(fixture)), List.of(policies),
                namespace -> Map.of("kubernetes.io/metadata.name", namespace), Instant.now());
    }

    @Test
    void enforceAdmitsACompliantDeployment() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "create-hardened-deployment.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(outcome.kind()).isEqualTo("Deployment");
        assertThat(outcome.warnings()).isEmpty();
    }

    @Test
    void enforceDeniesWithOneLinePerFinding() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "create-bad-deployment.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.decision()).isEqualTo(Decision.DENIED);
        List<String> lines = outcome.message().lines().toList();
        assertThat(lines.get(0)).startsWith("Shipshape denied Deployment shop/legacy: ").endsWith(" violations");
        assertThat(lines).anyMatch(line -> line.startsWith("- policy production, check privileged (critical): "
                + "container \"web\" must not set securityContext.privileged=true. Fix: "));
        assertThat(lines).anyMatch(line -> line.contains("check run-as-user (high)"));
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("- policy production, check "));
    }

    @Test
    void findingsBelowDenySeverityBecomeWarnings() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "create-bad-deployment.json",
                policy("production", Mode.Enforce, Severity.CRITICAL, AdmissionRemediation.None));

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.message().lines().skip(1)).allMatch(line -> line.contains("(critical)"));
        assertThat(outcome.warnings()).anyMatch(warning -> warning.startsWith("production: run-as-user: "))
                .noneMatch(warning -> warning.contains(": privileged: "));
    }

    @Test
    void warnModeAllowsWithWarnings() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ADVISORY, "create-bad-deployment.json",
                policy("staging", Mode.Warn, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.decision()).isEqualTo(Decision.WARNED);
        assertThat(outcome.warnings()).contains(
                "staging: privileged: container \"web\" must not set securityContext.privileged=true");
    }

    @Test
    void auditModeAllowsSilently() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ADVISORY, "create-bad-deployment.json",
                policy("inventory", Mode.Audit, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.decision()).isEqualTo(Decision.AUDITED);
        assertThat(outcome.warnings()).isEmpty();
    }

    @Test
    void updateDeniesOnlyNewViolations() throws Exception {
        AdmissionPolicy enforce = policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None);

        AdmissionOutcome scaled = decide(WebhookKind.ENFORCE, "update-scale-bad-deployment.json", enforce);
        assertThat(scaled.allowed()).as("scaling a legacy workload").isTrue();
        assertThat(scaled.decision()).isEqualTo(Decision.WARNED);
        assertThat(scaled.warnings()).anyMatch(warning -> warning.startsWith(
                "pre-existing, not denied on update: production: privileged: "));

        AdmissionOutcome added = decide(WebhookKind.ENFORCE, "update-adds-privileged-container.json", enforce);
        assertThat(added.allowed()).as("adding a privileged container").isFalse();
        assertThat(added.message()).contains("container \"debug\" must not set securityContext.privileged=true")
                .doesNotContain("container \"api\"");
    }

    @Test
    void mutationFillsInMissingFieldsOnly() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.MUTATE, "create-fillable-deployment.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.Mutate));

        assertThat(outcome.decision()).isEqualTo(Decision.PATCHED);
        assertThat(outcome.patch()).extracting(JsonPatchOperation::op).containsOnly("add");
        assertThat(outcome.patch()).extracting(operation -> operation.path().toJsonPointer())
                .contains("/spec/template/spec/automountServiceAccountToken",
                        "/spec/template/spec/securityContext");
    }

    @Test
    void compliantWorkloadNeedsNoMutation() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.MUTATE, "create-hardened-deployment.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.Mutate));

        assertThat(outcome.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(outcome.patch()).isEmpty();
    }

    @Test
    void batchV1beta1CronJobIsReviewed() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "create-bad-cronjob-v1beta1.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.kind()).isEqualTo("CronJob");
        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.message()).contains("Shipshape denied CronJob shop/nightly", "check privileged")
                .doesNotContain("liveness-probe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete-bad-deployment.json", "update-status-subresource.json", "create-configmap.json",
            "create-bad-pod-in-kube-system.json"})
    void leavesOtherRequestsUntouched(String fixture) throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, fixture,
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.decision()).isEqualTo(Decision.SKIPPED);
        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(outcome.patch()).isEmpty();
    }

    @Test
    void objectOfTheWrongShapeNamesTheField() {
        assertThatThrownBy(() -> decide(WebhookKind.ENFORCE, "create-wrong-shape-deployment.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None)))
                .isInstanceOf(BadReviewException.class)
                .hasMessageStartingWith("request.object.spec.template.spec.containers[0].ports[0].containerPort: ");
    }

    @Test
    void anObjectWithoutMetadataInAReviewWithoutNamespaceIsDecided() throws Exception {
        ObjectNode review = (ObjectNode) new ObjectMapper().readTree(fixture("create-bad-deployment.json"));
        ((ObjectNode) review.get("request")).remove("namespace");
        ((ObjectNode) review.at("/request/object")).remove("metadata");

        AdmissionOutcome outcome = decider.decide(WebhookKind.ENFORCE,
                AdmissionReviews.read(review.toString().getBytes(StandardCharsets.UTF_8)),
                List.of(policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None)),
                new NamespaceCache(null)::labels, Instant.now());

        assertThat(outcome.kind()).isEqualTo("Deployment");
    }

    @Test
    void warningsStayWithinTheApiServerLimits() {
        List<String> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> "x".repeat(300)).toList();

        List<String> bounded = AdmissionDecider.bound(many);

        assertThat(bounded).allMatch(warning -> warning.length() <= AdmissionDecider.MAX_WARNING_LENGTH);
        assertThat(bounded.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(
                AdmissionDecider.MAX_WARNINGS_LENGTH);
        assertThat(bounded.get(bounded.size() - 1)).matches("\\.\\.\\. and \\d+ more findings; .*");
    }
}
