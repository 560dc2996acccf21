package dev.shipshape.admissionpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.checks.CheckFixtures;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the generated objects look like and how the API server would decide with them. */
class AdmissionPolicyGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final AdmissionPolicyGenerator GENERATOR =
            new AdmissionPolicyGenerator(WorkloadKinds.BUILT_IN, Set.of("kube-system", "shipshape-system"));

    private static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: shop}
            spec:
              automountServiceAccountToken: false
              containers:
              - name: app
                image: app:1.0
                securityContext: {privileged: true}
              - name: sidecar
                image: proxy:2.0
            """;

    static CompiledPolicy policy(String specYaml) {
        try {
            return PolicyCompiler.compile("shop-policy", 3, YAML.readValue(specYaml, HardeningPolicySpec.class));
        } catch (InvalidPolicyException | java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static CelAdmissionEvaluator.Evaluation create(ValidatingAdmissionPolicy policy, JsonNode object) {
        return new CelAdmissionEvaluator(policy).evaluate(object, null, AdmissionPolicyEquivalence.create(object));
    }

    private static ValidatingAdmissionPolicy only(GeneratedPolicies generated, AdmissionBand band) {
        String name = AdmissionPolicyGenerator.objectName(generated.policyName(), band);
        return generated.policies().stream().filter(policy -> policy.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void enforceSplitsChecksIntoADenyingAndAWarningPolicyByDenySeverity() {
        CompiledPolicy restricted = policy("""
                profile: restricted
                mode: Enforce
                denySeverity: critical
                """);
        GeneratedPolicies generated = GENERATOR.generate(restricted, NOW);

        assertThat(generated.policies()).extracting(policy -> policy.getMetadata().getName())
                .containsExactly("shipshape-shop-policy-deny", "shipshape-shop-policy-warn");
        assertThat(generated.bindings()).extracting(binding -> binding.getSpec().getValidationActions())
                .containsExactly(List.of("Deny"), List.of("Warn"));
        assertThat(generated.bindings()).extracting(binding -> binding.getSpec().getPolicyName())
                .containsExactly("shipshape-shop-policy-deny", "shipshape-shop-policy-warn");
        ValidatingAdmissionPolicy deny = only(generated, AdmissionBand.DENY);
        assertThat(deny.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(only(generated, AdmissionBand.WARN).getSpec().getFailurePolicy()).isEqualTo("Ignore");
        List<String> critical = restricted.checks().stream()
                .filter(check -> check.severity() == dev.shipshape.policy.Severity.CRITICAL).map(check -> check.id())
                .toList();
        assertThat(critical).contains("privileged", "host-namespaces");
        assertThat(deny.getSpec().getValidations()).hasSameSizeAs(critical).allSatisfy(validation ->
                assertThat(validation.getMessageExpression()).contains("(critical)"));
        assertThat(only(generated, AdmissionBand.WARN).getSpec().getValidations())
                .hasSize(generated.generated().size() - critical.size())
                .noneSatisfy(validation -> assertThat(validation.getMessageExpression()).contains("(critical)"));
    }

    @ParameterizedTest
    @CsvSource({"Warn, Warn", "Audit, Audit"})
    void warnAndAuditModesGenerateOnePolicyOfTheirAction(String mode, String action) {
        GeneratedPolicies generated = GENERATOR.generate(policy("{profile: baseline, mode: " + mode + "}"), NOW);

        assertThat(generated.bindings()).singleElement()
                .satisfies(binding -> assertThat(binding.getSpec().getValidationActions()).containsExactly(action));
        assertThat(generated.policies().get(0).getSpec().getValidations()).hasSize(generated.generated().size());
    }

    @Test
    void checksCelCannotDecideStayWithTheWebhookWithTheirReason() {
        GeneratedPolicies generated = GENERATOR.generate(policy("{profile: hardened, mode: Enforce}"), NOW);

        assertThat(generated.webhookOnly()).containsOnlyKeys("network-policy");
        assertThat(generated.webhookOnly().get("network-policy")).contains("NetworkPolicies");
        assertThat(generated.generated()).doesNotContain("network-policy")
                .contains("read-only-root-filesystem", "image-tag-pinned", "secret-env-literals");
        assertThat(GENERATOR.generate(policy("""
                profile: hardened
                checks: [{id: secret-env-literals, params: {namePattern: "(?<!X)SECRET"}}]
                """), NOW).webhookOnly()).containsOnlyKeys("secret-env-literals", "network-policy")
                .hasEntrySatisfying("secret-env-literals", reason -> assertThat(reason).contains("namePattern"));
        assertThat(generated.complete()).isFalse();
        assertThat(GENERATOR.generate(policy("{profile: restricted, mode: Enforce}"), NOW).complete()).isTrue();
    }

    @Test
    void aDenialNamesPolicyCheckContainersAndFix() {
        ValidatingAdmissionPolicy deny = only(GENERATOR.generate(policy("{profile: baseline, mode: Enforce}"), NOW),
                AdmissionBand.DENY);

        List<String> failures = create(deny, CheckFixtures.tree(PRIVILEGED_POD)).failures();

        assertThat(failures).containsExactly("shop-policy: privileged (critical): container \"app\" must not set "
                + "securityContext.privileged=true. Fix: Remove securityContext.privileged or set it to false.");
    }

    @Test
    void matchesTheKindsNamespacesAndSelectorsOfThePolicy() {
        GeneratedPolicies generated = GENERATOR.generate(policy("""
                profile: baseline
                mode: Enforce
                match:
                  namespaces: ["shop", "team-*"]
                  excludedNamespaces: ["team-legacy"]
                  kinds: [Deployment, Pod]
                  namespaceSelector: {matchLabels: {tier: prod}}
                  objectSelector: {matchExpressions: [{key: app, operator: Exists}]}
                """), NOW);
        ValidatingAdmissionPolicy policy = generated.policies().get(0);

        assertThat(policy.getSpec().getMatchConstraints().getResourceRules())
                .extracting(rule -> rule.getApiGroups().get(0) + ":" + rule.getResources())
                .containsExactly(":[pods, pods/ephemeralcontainers]", "apps:[deployments]");
        assertThat(policy.getSpec().getMatchConstraints().getNamespaceSelector().getMatchLabels())
                .containsEntry("tier", "prod");
        assertThat(policy.getSpec().getMatchConstraints().getObjectSelector().getMatchExpressions())
                .singleElement().satisfies(requirement -> assertThat(requirement.getKey()).isEqualTo("app"));
        ObjectNode pod = CheckFixtures.tree(PRIVILEGED_POD);
        for (Map.Entry<String, Boolean> namespace : Map.of("shop", true, "team-a", true, "team-legacy", false,
                "other", false, "kube-system", false, "shipshape-system", false).entrySet()) {
            ((ObjectNode) pod.get("metadata")).put("namespace", namespace.getKey());
            assertThat(create(policy, pod).matches()).as(namespace.getKey()).isEqualTo(namespace.getValue());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ReplicaSet, true, false",
        "Job, true, false",
        "ReplicaSet, false, true",
        "ConfigMap, true, true"})
    void objectsAWorkloadControllerCreatedAreLeftToTheWebhook(String ownerKind, boolean controller,
                                                             boolean matches) {
        ValidatingAdmissionPolicy policy = GENERATOR.generate(policy("{profile: baseline, mode: Enforce}"), NOW)
                .policies().get(0);
        ObjectNode pod = CheckFixtures.tree(PRIVILEGED_POD);
        ((ObjectNode) pod.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
                .put("kind", ownerKind).put("name", "web-7d9f").put("uid", "0000").put("controller", controller);

        assertThat(create(policy, pod).matches()).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"'', true", "ephemeralcontainers, true", "status, false", "binding, false"})
    void reviewsTheMainResourceAndEphemeralContainersOnly(String subResource, boolean matches) {
        ValidatingAdmissionPolicy policy = GENERATOR.generate(policy("{profile: baseline, mode: Enforce}"), NOW)
                .policies().get(0);
        JsonNode pod = CheckFixtures.tree(PRIVILEGED_POD);
        Map<String, Object> request = CelAdmissionEvaluator.request("UPDATE", "shop", "", "v1", "Pod", "pods",
                subResource);

        assertThat(new CelAdmissionEvaluator(policy).evaluate(pod, pod, request).matches()).isEqualTo(matches);
    }

    @Test
    void anUpdateIsDeniedOnlyForViolationsTheOldObjectDidNotHave() {
        ValidatingAdmissionPolicy deny = only(GENERATOR.generate(policy("{profile: baseline, mode: Enforce}"), NOW),
                AdmissionBand.DENY);
        ObjectNode old = CheckFixtures.tree(PRIVILEGED_POD);
        ObjectNode unchanged = old.deepCopy();
        ObjectNode debugged = old.deepCopy();
        ((ObjectNode) debugged.get("spec")).putArray("ephemeralContainers").addObject().put("name", "shell")
                .put("image", "busybox:1.36").putObject("securityContext").put("privileged", true);
        Map<String, Object> update = CelAdmissionEvaluator.request("UPDATE", "shop", "", "v1", "Pod", "pods",
                "ephemeralcontainers");

        assertThat(new CelAdmissionEvaluator(deny).evaluate(unchanged, old, update).failures()).isEmpty();
        assertThat(new CelAdmissionEvaluator(deny).evaluate(debugged, old, update).failures()).singleElement()
                .satisfies(message -> assertThat(message).contains("ephemeral container \"shell\"")
                        .doesNotContain("container \"app\""));
    }

    @Test
    void exemptionsLeaveOutWhatTheyCoverUntilTheyExpire() {
        GeneratedPolicies generated = GENERATOR.generate(policy("""
                profile: hardened
                mode: Enforce
                exemptions:
                - checks: [privileged]
                  namespaces: ["sh*"]
                  workloads: [debug]
                  containers: [app]
                  reason: node debugging
                  expires: "2026-07-01T00:00:00Z"
                - checks: [automount-service-account-token]
                  images: ["app:*"]
                  reason: container-only exemptions never cover the pod
                  expires: "2026-08-01T00:00:00Z"
                - checks: [read-only-root-filesystem]
                  reason: expired
                  expires: "2026-05-01T00:00:00Z"
                """), NOW);
        ObjectNode pod = CheckFixtures.tree(PRIVILEGED_POD);
        ((ObjectNode) pod.get("spec")).remove("automountServiceAccountToken");

        Map<String, Set<String>> locations = celLocations(generated, pod);

        assertThat(locations.get("privileged")).isEmpty();
        assertThat(locations.get("automount-service-account-token")).containsExactly("pod");
        assertThat(locations.get("read-only-root-filesystem")).containsExactly("container \"app\"",
                "container \"sidecar\"");
        assertThat(generated.regenerateAt()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        ((ObjectNode) pod.get("metadata")).put("name", "other");
        assertThat(celLocations(generated, pod).get("privileged")).containsExactly("container \"app\"");
        assertThat(celLocations(GENERATOR.generate(policy("""
                profile: baseline
                exemptions:
                - {checks: [privileged], reason: r, expires: "2026-07-01T00:00:00Z"}
                """), Instant.parse("2026-07-01T00:00:00Z")), CheckFixtures.tree(PRIVILEGED_POD)).get("privileged"))
                .as("after the exemption expired").containsExactly("container \"app\"");
    }

    @ParameterizedTest
    @CsvSource({"true, 0", "false, 1"})
    void theExemptAnnotationCountsOnlyWhereThePolicyAllowsIt(boolean allowed, int failing) {
        ValidatingAdmissionPolicy policy = GENERATOR.generate(policy("{profile: baseline, mode: Enforce, "
                + "allowAnnotationExemptions: " + allowed + "}"), NOW).policies().get(0);
        ObjectNode pod = CheckFixtures.tree(PRIVILEGED_POD);
        ((ObjectNode) pod.get("metadata")).putObject("annotations").put("shipshape.dev/exempt",
                "host-ports, privileged");

        assertThat(create(policy, pod).failures()).hasSize(failing);
    }

    @Test
    void generatedObjectsAreValidAdmissionRegistrationV1AndNamedToFit() {
        GeneratedPolicies generated = GENERATOR.generate(policy("{profile: restricted, mode: Enforce}"), NOW);
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (ValidatingAdmissionPolicy policy : generated.policies()) {
            assertThat(policy.getApiVersion()).isEqualTo("admissionregistration.k8s.io/v1");
            String yaml = serialization.asYaml(policy);
            assertThat(serialization.<ValidatingAdmissionPolicy>unmarshal(yaml)).isEqualTo(policy);
            assertThat(policy.getSpec().getVariables()).extracting(v -> v.getName())
                    .allSatisfy(name -> assertThat(name).matches("[a-zA-Z_][a-zA-Z0-9_]*")).doesNotHaveDuplicates();
            assertThat(policy.getSpec().getValidations()).allSatisfy(validation -> {
                assertThat(validation.getReason()).isEqualTo("Forbidden");
                assertThat(validation.getMessage()).doesNotContain("\n");
            });
        }
        for (ValidatingAdmissionPolicyBinding binding : generated.bindings()) {
            assertThat(serialization.<ValidatingAdmissionPolicyBinding>unmarshal(serialization.asYaml(binding)))
                    .isEqualTo(binding);
            assertThat(binding.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "shipshape");
            assertThat(binding.getMetadata().getAnnotations()).containsEntry(
                    AdmissionPolicyGenerator.POLICY_ANNOTATION, "shop-policy")
                    .containsEntry(AdmissionPolicyGenerator.GENERATION_ANNOTATION, "3");
        }
        String longName = "p".repeat(253);
        assertThat(AdmissionPolicyGenerator.objectName(longName, AdmissionBand.DENY)).hasSizeLessThanOrEqualTo(253)
                .isNotEqualTo(AdmissionPolicyGenerator.objectName(longName, AdmissionBand.WARN));
    }

    private static Map<String, Set<String>> celLocations(GeneratedPolicies generated, JsonNode object) {
        Map<String, Set<String>> locations = new java.util.TreeMap<>();
        for (ValidatingAdmissionPolicy policy : generated.policies()) {
            CelAdmissionEvaluator evaluator = new CelAdmissionEvaluator(policy);
            CelAdmissionEvaluator.Evaluation evaluation = evaluator.evaluate(object, null,
                    AdmissionPolicyEquivalence.create(object));
            for (String check : generated.generated()) {
                String variable = AdmissionPolicyGenerator.variableName(check);
                if (evaluator.variableNames().contains(variable)) {
                    Set<String> found = new java.util.TreeSet<>();
                    ((List<?>) evaluation.variable(variable)).forEach(location -> found.add((String) location));
                    locations.put(check, found);
                }
            }
        }
        return locations;
    }
}
