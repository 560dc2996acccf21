package dev.shipshape.admissionpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadShape;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that generated admission policies decide as the engine: for an object, the checks of a policy fail for
 * the same pod and containers in the engine and in the generated CEL, evaluated by {@link CelAdmissionEvaluator}.
 */
public final class AdmissionPolicyEquivalence {

    private static final AdmissionPolicyGenerator GENERATOR =
            new AdmissionPolicyGenerator(WorkloadKinds.BUILT_IN, Set.of());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    /** Env var names the API server accepts (Kubernetes 1.34, RelaxedEnvironmentVariableValidation). */
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[ -<>-~]+");

    private static final Map<CompiledPolicy, Compiled> COMPILED = new ConcurrentHashMap<>();

    private AdmissionPolicyEquivalence() {
    }

    /** A policy's generated objects with their CEL compiled, once per policy. */
    private record Compiled(GeneratedPolicies generated, List<CelAdmissionEvaluator> evaluators) {
        Compiled(CompiledPolicy policy) {
            this(GENERATOR.generate(policy, NOW));
        }

        Compiled(GeneratedPolicies generated) {
            this(generated, generated.policies().stream().map(CelAdmissionEvaluator::new).toList());
        }
    }

    /**
     * The object as the API server hands it to admission: decoded into its type and encoded again, so that fields
     * of the wrong type are refused and null fields dropped. Empty when the engine cannot read it either, when it is
     * not a workload, when a container has no name or an env var a name outside printable ASCII or with {@code =}:
     * the API server's validation refuses such objects before any admission policy sees them.
     */
    public static Optional<JsonNode> asAdmitted(JsonNode manifest) {
        try {
            Optional<Workload> workload = Workloads.fromTree(manifest.deepCopy());
            if (workload.isEmpty() || workload.get().containers().stream().anyMatch(container ->
                    container.container().getName() == null || container.container().getName().isEmpty()
                            || container.container().getEnv() != null && container.container().getEnv().stream()
                            .anyMatch(env -> env.getName() == null || !ENV_NAME.matcher(env.getName()).matches()))) {
                return Optional.empty();
            }
            KubernetesResource typed = SERIALIZATION.unmarshal(JSON.writeValueAsString(manifest));
            return Optional.of(JSON.readTree(SERIALIZATION.asJson(typed)));
        } catch (InvalidWorkloadException | RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Per check, where the engine finds a violation: {@code pod}, or a container as messages name it. */
    public static Map<String, Set<String>> engineLocations(CompiledPolicy policy, JsonNode object) {
        Workload workload;
        try {
            workload = Workloads.fromTree(object.deepCopy()).orElseThrow();
        } catch (InvalidWorkloadException e) {
            throw new AssertionError(e);
        }
        Map<String, Set<String>> locations = empty(policy);
        for (Finding finding : PolicyEvaluator.findings(policy, workload)) {
            locations.get(finding.checkId()).add(location(finding));
        }
        return locations;
    }

    /** Per check, where the policy generated from {@code policy} finds a violation, on CREATE. */
    public static Map<String, Set<String>> celLocations(CompiledPolicy policy, JsonNode object) {
        Map<String, Set<String>> locations = empty(policy);
        Compiled compiled = COMPILED.computeIfAbsent(policy, Compiled::new);
        GeneratedPolicies generated = compiled.generated();
        for (CelAdmissionEvaluator evaluator : compiled.evaluators()) {
            CelAdmissionEvaluator.Evaluation evaluation = evaluator.evaluate(object, null, create(object));
            for (String check : generated.generated()) {
                String variable = AdmissionPolicyGenerator.variableName(check);
                if (evaluator.variableNames().contains(variable)) {
                    for (Object location : (List<?>) evaluation.variable(variable)) {
                        locations.get(check).add((String) location);
                    }
                }
            }
        }
        generated.webhookOnly().keySet().forEach(locations::remove);
        return locations;
    }

    /** Asserts that the engine and the generated CEL find the same violations of {@code policy} in {@code object}. */
    public static void assertSameLocations(String what, CompiledPolicy policy, JsonNode object) {
        Map<String, Set<String>> engine = engineLocations(policy, object);
        COMPILED.computeIfAbsent(policy, Compiled::new).generated().webhookOnly().keySet().forEach(engine::remove);
        assertThat(celLocations(policy, object)).as("%s under policy %s", what, policy.name()).isEqualTo(engine);
    }

    /** A CREATE of {@code object} in its namespace (shop when it names none). */
    public static Map<String, Object> create(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        WorkloadShape shape = WorkloadKinds.BUILT_IN.of(apiVersion, object.path("kind").asText()).orElseThrow();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return CelAdmissionEvaluator.request("CREATE", object.path("metadata").path("namespace").asText("shop"),
                shape.group(), version, shape.kind(), shape.plural(), "");
    }

    private static Map<String, Set<String>> empty(CompiledPolicy policy) {
        Map<String, Set<String>> locations = new TreeMap<>();
        for (ActiveCheck check : policy.checks()) {
            locations.put(check.id(), new TreeSet<>());
        }
        return locations;
    }

    private static String location(Finding finding) {
        if (finding.container() == null) {
            return AdmissionPolicyGenerator.POD_LOCATION;
        }
        String path = finding.path().toString();
        String label = path.contains("initContainers[") ? "init container"
                : path.contains("ephemeralContainers[") ? "ephemeral container" : "container";
        return label + " \"" + finding.container() + "\"";
    }

    /** Every object of a multi-document list that the API server would admit to admission policies. */
    public static List<JsonNode> admitted(List<JsonNode> manifests) {
        List<JsonNode> admitted = new ArrayList<>();
        manifests.forEach(manifest -> asAdmitted(manifest).ifPresent(admitted::add));
        return admitted;
    }
}
