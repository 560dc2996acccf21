package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.LabelSelectorMatcher;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.PolicyMatch;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionDeciderTest {

    private static final Set<String> EXCLUDED = Set.of("shipshape-system", "kube-system");

    private final AdmissionDecider decider = new AdmissionDecider(EXCLUDED, 1000, WorkloadKinds.BUILT_IN);

    static byte[] fixture(String name) {
        try (InputStream in = AdmissionDeciderTest.class.getResourceAsStream("/webhook/reviews/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompiledPolicy policy(String name, Mode mode, Severity denySeverity,
                                          AdmissionRemediation admission) {
        return policy(name, mode, denySeverity, admission, null);
    }

    private static CompiledPolicy policy(String name, Mode mode, Severity denySeverity,
                                          AdmissionRemediation admission, String namespaceGlob) {
        CompiledPolicy hardened = CompiledPolicy.forProfile(Profile.HARDENED);
        WorkloadMatch match = namespaceGlob == null ? hardened.match() : new PolicyMatch(List.of(namespaceGlob),
                List.of(), LabelSelectorMatcher.EVERYTHING, LabelSelectorMatcher.EVERYTHING, Set.of());
        return new CompiledPolicy(name, 0, hardened.profile(),
                new PolicyActions(mode, denySeverity, admission, ExistingRemediation.None, Enforcement.Auto),
                hardened.checks(), match,
                hardened.exemptions(), false);
    }

    private AdmissionOutcome decide(WebhookKind webhook, String fixture, CompiledPolicy... policies)
            throws BadReviewException {
        return decider.decide(webhook, AdmissionReviews.read(fixture(fixture)), List.of(policies),
                namespace -> Map.of("kubernetes.io/metadata.name", namespace), OwnerLookup.NONE, Instant.now());
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
        CompiledPolicy enforce = policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None);

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

    @Test
    void enforceDeniesAPrivilegedDebugContainerAddedThroughTheEphemeralContainersSubresource() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "update-ephemeralcontainers-sysadmin-debug.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.kind()).isEqualTo("Pod");
        assertThat(outcome.decision()).isEqualTo(Decision.DENIED);
        assertThat(outcome.message()).startsWith("Shipshape denied Pod shop/api-7d9f8b6c5d-x2k8p: ")
                .contains("- policy production, check privileged (critical): ephemeral container \"debugger-w7x2k\" "
                        + "must not set securityContext.privileged=true");
        assertThat(outcome.message().lines().skip(1)).allMatch(line -> line.contains("\"debugger-w7x2k\""));
    }

    @Test
    void ephemeralContainersAreNotCheckedForProbesOrResources() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "update-ephemeralcontainers-sysadmin-debug.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.message()).doesNotContain("liveness-probe", "readiness-probe", "resource-limits",
                "resource-requests");
    }

    @Test
    void aRestrictedDebugContainerIsAdmittedByARestrictedPolicy() throws Exception {
        CompiledPolicy restricted = CompiledPolicy.forProfile(Profile.RESTRICTED);
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "update-ephemeralcontainers-restricted-debug.json",
                TestPolicies.withActions(restricted, Mode.Enforce, AdmissionRemediation.None));
        AdmissionOutcome sysadmin = decide(WebhookKind.ENFORCE, "update-ephemeralcontainers-sysadmin-debug.json",
                TestPolicies.withActions(restricted, Mode.Enforce, AdmissionRemediation.None));

        assertThat(outcome.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(sysadmin.decision()).isEqualTo(Decision.DENIED);
    }

    @Test
    void anEarlierDebugContainerIsPreExistingAndDoesNotBlockACompliantOne() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ENFORCE, "update-ephemeralcontainers-after-earlier-debugger.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.decision()).isEqualTo(Decision.WARNED);
        assertThat(outcome.warnings()).isNotEmpty().allMatch(warning ->
                warning.startsWith("pre-existing, not denied on update: ") && warning.contains("\"debugger-w7x2k\""));
    }

    @Test
    void warnPoliciesWarnAboutADebugContainer() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.ADVISORY, "update-ephemeralcontainers-sysadmin-debug.json",
                policy("staging", Mode.Warn, Severity.LOW, AdmissionRemediation.None));

        assertThat(outcome.decision()).isEqualTo(Decision.WARNED);
        assertThat(outcome.warnings()).contains(
                "staging: privileged: ephemeral container \"debugger-w7x2k\" must not set securityContext.privileged=true");
    }

    @Test
    void mutationLeavesDebugContainersAlone() throws Exception {
        AdmissionOutcome outcome = decide(WebhookKind.MUTATE, "update-ephemeralcontainers-sysadmin-debug.json",
                policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.Mutate));

        assertThat(outcome.decision()).isEqualTo(Decision.SKIPPED);
        assertThat(outcome.patch()).isEmpty();
    }

    @Test
    void theEphemeralContainersSubresourceIsOnlyReviewedOnUpdate() throws Exception {
        ObjectNode review = (ObjectNode) new ObjectMapper().readTree(
                fixture("update-ephemeralcontainers-sysadmin-debug.json"));
        ((ObjectNode) review.get("request")).put("operation", "CREATE");

        AdmissionOutcome outcome = decider.decide(WebhookKind.ENFORCE, AdmissionRequest.from(review),
                List.of(policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None)),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        assertThat(outcome.decision()).isEqualTo(Decision.SKIPPED);
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
                new NamespaceCache(null)::labels, OwnerLookup.NONE, Instant.now());

        assertThat(outcome.kind()).isEqualTo("Deployment");
    }

    @Test
    void warningsStayWithinTheApiServerLimits() {
        AdmissionDecider.WarningLines warnings = new AdmissionDecider.WarningLines();
        IntStream.range(0, 200).forEach(i -> warnings.add("x".repeat(300)));

        List<String> lines = warnings.lines();

        assertThat(warnings.count()).isEqualTo(200);
        assertThat(lines).allMatch(warning -> warning.length() <= AdmissionDecider.MAX_WARNING_LENGTH);
        assertThat(lines.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(
                AdmissionDecider.MAX_WARNINGS_LENGTH);
        int kept = lines.size() - 1;
        assertThat(kept).isPositive();
        assertThat(lines.get(kept)).isEqualTo("... and " + (200 - kept)
                + " more findings; run shipshape scan for all of them");
    }

    @Test
    void warningsThatFitAreAllKept() {
        AdmissionDecider.WarningLines warnings = new AdmissionDecider.WarningLines();
        warnings.add("first");
        warnings.add("second");

        assertThat(warnings.lines()).containsExactly("first", "second");
    }

    @Test
    void aDenialListsTheFirstFindingsAndCountsTheRest() throws Exception {
        CompiledPolicy enforce = policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None);
        AdmissionRequest request = withContainers("create-bad-deployment.json", "/request/object", 200);
        int findings = PolicyEvaluator.findings(enforce,
                dev.shipshape.workload.Workloads.fromTree(request.object()).orElseThrow()).size();

        AdmissionOutcome outcome = decider.decide(WebhookKind.ENFORCE, request, List.of(enforce),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        List<String> lines = outcome.message().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Shipshape denied Deployment shop/legacy: " + findings + " violations");
        assertThat(lines).hasSize(1 + AdmissionDecider.MAX_DENIED_FINDINGS + 1);
        int unlisted = findings - AdmissionDecider.MAX_DENIED_FINDINGS;
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("- ... and " + unlisted + " more; run shipshape scan on the manifest for the full list");
    }

    @Test
    void aWorkloadAtTheContainerLimitIsReviewed() throws Exception {
        AdmissionOutcome outcome = new AdmissionDecider(EXCLUDED, 3, WorkloadKinds.BUILT_IN).decide(WebhookKind.ENFORCE,
                withContainers("create-bad-deployment.json", "/request/object", 3),
                List.of(policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None)),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        assertThat(outcome.decision()).isEqualTo(Decision.DENIED);
        assertThat(outcome.message()).contains("check privileged (critical): container \"c2\"");
    }

    @Test
    void enforceDeniesAWorkloadOverTheContainerLimitUnread() throws Exception {
        AdmissionOutcome outcome = new AdmissionDecider(EXCLUDED, 3, WorkloadKinds.BUILT_IN).decide(WebhookKind.ENFORCE,
                withContainers("create-bad-deployment.json", "/request/object", 4),
                List.of(policy("production", Mode.Enforce, Severity.CRITICAL, AdmissionRemediation.None),
                        policy("staging", Mode.Warn, Severity.LOW, AdmissionRemediation.None),
                        policy("elsewhere", Mode.Enforce, Severity.LOW, AdmissionRemediation.None, "other-*")),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.decision()).isEqualTo(Decision.DENIED);
        assertThat(outcome.message()).isEqualTo("Shipshape denied Deployment shop/legacy: 1 violation\n"
                + "- policy production: it has 4 containers, more than the 3 Shipshape reviews"
                + " (shipshape.webhook.max-containers)");
        assertThat(outcome.warnings()).containsExactly("staging: not reviewed: it has 4 containers, more than the 3"
                + " Shipshape reviews (shipshape.webhook.max-containers)");
    }

    @Test
    void warnAuditAndMutateLetAWorkloadOverTheContainerLimitThrough() throws Exception {
        AdmissionDecider limited = new AdmissionDecider(EXCLUDED, 3, WorkloadKinds.BUILT_IN);
        AdmissionRequest request = withContainers("create-bad-deployment.json", "/request/object", 4);

        AdmissionOutcome warned = limited.decide(WebhookKind.ADVISORY, request,
                List.of(policy("staging", Mode.Warn, Severity.LOW, AdmissionRemediation.None)),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());
        AdmissionOutcome audited = limited.decide(WebhookKind.ADVISORY, request,
                List.of(policy("inventory", Mode.Audit, Severity.LOW, AdmissionRemediation.None)),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());
        AdmissionOutcome mutated = limited.decide(WebhookKind.MUTATE, request,
                List.of(policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.Mutate)),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());
        AdmissionOutcome unmatched = limited.decide(WebhookKind.ENFORCE, request,
                List.of(policy("elsewhere", Mode.Enforce, Severity.LOW, AdmissionRemediation.None, "other-*")),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        assertThat(warned.allowed()).isTrue();
        assertThat(warned.warnings()).singleElement().asString()
                .startsWith("staging: not reviewed: it has 4 containers");
        assertThat(audited.decision()).isEqualTo(Decision.AUDITED);
        assertThat(mutated.allowed()).isTrue();
        assertThat(mutated.patch()).isEmpty();
        assertThat(mutated.warnings()).singleElement().asString().startsWith("production: not mutated: it has 4");
        assertThat(unmatched.decision()).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void anOldObjectOverTheContainerLimitLeavesEveryFindingNew() throws Exception {
        CompiledPolicy enforce = policy("production", Mode.Enforce, Severity.LOW, AdmissionRemediation.None);
        AdmissionDecider limited = new AdmissionDecider(EXCLUDED, 3, WorkloadKinds.BUILT_IN);

        AdmissionOutcome scaled = limited.decide(WebhookKind.ENFORCE,
                withContainers("update-scale-bad-deployment.json", "/request/oldObject", 4), List.of(enforce),
                namespace -> Map.of(), OwnerLookup.NONE, Instant.now());

        assertThat(scaled.decision()).isEqualTo(Decision.DENIED);
        assertThat(scaled.message()).contains("check privileged (critical)");
    }

    /** The fixture's review with the first container of {@code object} repeated {@code count} times as c0, c1, ... */
    private static AdmissionRequest withContainers(String fixture, String object, int count) throws Exception {
        ObjectNode review = (ObjectNode) new ObjectMapper().readTree(fixture(fixture));
        ArrayNode containers = (ArrayNode) review.at(object + "/spec/template/spec/containers");
        ObjectNode first = (ObjectNode) containers.get(0);
        containers.removeAll();
        for (int i = 0; i < count; i++) {
            containers.add(first.deepCopy().put("name", "c" + i));
        }
        return AdmissionReviews.read(review.toString().getBytes(StandardCharsets.UTF_8));
    }
}
