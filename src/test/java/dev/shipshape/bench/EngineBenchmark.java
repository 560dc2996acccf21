package dev.shipshape.bench;

import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Workload;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * All {@code hardened} checks on a 3-container Deployment (an init container and two regular ones), once
 * compliant and once violating most checks. Target: at most 10 µs per evaluation. Run with {@code make bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    private final CompiledPolicy hardened = CompiledPolicy.forProfile(Profile.HARDENED);
    private final Map<String, String> namespaceLabels = Map.of("kubernetes.io/metadata.name", "shop");
    private final Instant now = Instant.now();
    private Deployment compliant;
    private Deployment violating;
    private Workload compliantWorkload;

    @Setup
    public void setUp() throws InvalidWorkloadException {
        compliant = deployment(hardenedContainer("migrate"), hardenedContainer("web"), hardenedContainer("proxy"));
        violating = deployment(plainContainer("migrate"), plainContainer("web"), plainContainer("proxy"));
        compliantWorkload = Workloads.fromObject(compliant).orElseThrow();
    }

    @Benchmark
    public EvaluationResult evaluateCompliant() {
        return PolicyEvaluator.evaluate(hardened, compliantWorkload, namespaceLabels, now);
    }

    @Benchmark
    public EvaluationResult extractAndEvaluateCompliant() throws InvalidWorkloadException {
        return PolicyEvaluator.evaluate(hardened, Workloads.fromObject(compliant).orElseThrow(), namespaceLabels, now);
    }

    @Benchmark
    public EvaluationResult extractAndEvaluateViolating() throws InvalidWorkloadException {
        return PolicyEvaluator.evaluate(hardened, Workloads.fromObject(violating).orElseThrow(), namespaceLabels, now);
    }

    static Deployment deployment(Container init, Container first, Container second) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withInitContainers(init)
                .withContainers(first, second)
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    static Container hardenedContainer(String name) {
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
                .addNewEnv().withName("DATABASE_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    static Container plainContainer(String name) {
        return new ContainerBuilder().withName(name).withImage("example/" + name)
                .addNewEnv().withName("API_TOKEN").withValue("not-a-real-token").endEnv()
                .build();
    }
}
