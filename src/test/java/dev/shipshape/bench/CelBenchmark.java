package dev.shipshape.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.admissionpolicy.AdmissionPolicyGenerator;
import dev.shipshape.admissionpolicy.CelAdmissionEvaluator;
import dev.shipshape.admissionpolicy.GeneratedPolicies;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadKinds;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The generated admission policy of the hardened profile (Enforce, so every check in the denying policy) evaluated by a
 * Java CEL implementation on the Deployments of {@link EngineBenchmark}: match conditions, then every validation, on
 * CREATE. The JSON is turned into CEL values in each operation, as the API server turns the object into CEL values.
 * Beside EngineBenchmark's figures it shows what deciding in CEL costs next to the engine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CelBenchmark {

    private CelAdmissionEvaluator evaluator;
    private JsonNode compliant;
    private JsonNode violating;
    private Map<String, Object> create;

    @Setup
    public void setUp() {
        CompiledPolicy hardened = CompiledPolicy.forProfile(Profile.HARDENED);
        CompiledPolicy enforce = new CompiledPolicy("hardened", 0, Profile.HARDENED, new PolicyActions(Mode.Enforce,
                Severity.LOW, AdmissionRemediation.None, ExistingRemediation.None, Enforcement.Auto),
                hardened.checks(), hardened.match(), hardened.exemptions(), false);
        GeneratedPolicies generated = new AdmissionPolicyGenerator(WorkloadKinds.BUILT_IN, Set.of("kube-system"))
                .generate(enforce, Instant.now());
        evaluator = new CelAdmissionEvaluator(generated.policies().get(0));
        KubernetesSerialization serialization = new KubernetesSerialization();
        compliant = serialization.convertValue(EngineBenchmark.deployment(EngineBenchmark.hardenedContainer("migrate"),
                EngineBenchmark.hardenedContainer("web"), EngineBenchmark.hardenedContainer("proxy")), JsonNode.class);
        violating = serialization.convertValue(EngineBenchmark.deployment(EngineBenchmark.plainContainer("migrate"),
                EngineBenchmark.plainContainer("web"), EngineBenchmark.plainContainer("proxy")), JsonNode.class);
        create = CelAdmissionEvaluator.request("CREATE", "shop", "apps", "v1", "Deployment", "deployments", "");
        if (!celCompliant().isEmpty() || celViolating().isEmpty()) {
            throw new IllegalStateException("the compliant Deployment must pass and the violating one fail");
        }
    }

    @Benchmark
    public List<String> celCompliant() {
        CelAdmissionEvaluator.Evaluation evaluation = evaluator.evaluate(compliant, null, create);
        evaluation.matches();
        return evaluation.failures();
    }

    @Benchmark
    public List<String> celViolating() {
        CelAdmissionEvaluator.Evaluation evaluation = evaluator.evaluate(violating, null, create);
        evaluation.matches();
        return evaluation.failures();
    }
}
