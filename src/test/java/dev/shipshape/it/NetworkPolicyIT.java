package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The network-policy check through a real Kubernetes 1.20.2 API server: a workload no NetworkPolicy selects is warned
 * about at admission and counted by the audit; once a NetworkPolicy selects its pods, admission stops warning and the
 * audit re-evaluates the namespace without the workload changing.
 */
@QuarkusTest
@QuarkusTestResource(value = OperatorOnLocalControlPlane.class, restrictToAnnotatedClass = true)
class NetworkPolicyIT {

    private static final String NAMESPACE = "segmented";
    private static final String POLICY = "segmentation";
    /**
     * Admission and the audit follow a NetworkPolicy change within this time on a busy machine
     * (docs/reliability.md, "Freshness under load").
     */
    private static final Duration FOLLOWS = Duration.ofSeconds(30);

    private static KubernetesClient admin;

    @BeforeAll
    static void connect() {
        admin = OperatorOnLocalControlPlane.client();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void podsNoNetworkPolicySelectsAreWarnedAboutAndCountedUntilOneDoes() {
        ClusterObjects.namespace(admin, NAMESPACE);
        HardeningPolicy policy = ClusterObjects.policy(POLICY, Mode.Warn, NAMESPACE);
        policy.getSpec().setChecks(List.of());
        admin.resource(policy).create();

        await("admission warns about the missing NetworkPolicy").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> warnings().stream().anyMatch(warning -> warning.contains("network-policy")
                        && warning.contains("no NetworkPolicy in namespace segmented selects its pods")));
        admin.resource(ClusterObjects.manifest(admin, "hardened-deployment.yaml", NAMESPACE)).create();
        await("the audit counts the Deployment as violating network-policy").atMost(FOLLOWS).untilAsserted(() -> {
            HardeningPolicyStatus status = status();
            assertThat(status.getSummary()).isNotNull();
            assertThat(status.getSummary().getViolating()).isEqualTo(1);
            assertThat(status.getTopViolations()).extracting(top -> top.getCheck()).containsExactly("network-policy");
        });

        admin.resource(new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").withNamespace(NAMESPACE)
                .endMetadata().withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .endSpec().build()).create();

        await("admission stops warning").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> warnings().stream().noneMatch(warning -> warning.contains("network-policy")));
        await("the audit re-evaluates the namespace").atMost(FOLLOWS).untilAsserted(() -> {
            HardeningPolicyStatus status = status();
            assertThat(status.getSummary().getViolating()).isZero();
            assertThat(status.getSummary().getCompliant()).isEqualTo(1);
        });
    }

    /** The warnings kubectl prints for a server-side dry run of the hardened sample Deployment. */
    private static List<String> warnings() throws Exception {
        HasMetadata deployment = ClusterObjects.manifest(admin, "hardened-deployment.yaml", NAMESPACE);
        deployment.getMetadata().setName("dry-run");
        Process kubectl = new ProcessBuilder(LocalControlPlane.kubectl().toString(),
                "--kubeconfig", OperatorOnLocalControlPlane.kubeconfig().toString(),
                "apply", "--dry-run=server", "-f", "-").redirectErrorStream(true).start();
        kubectl.getOutputStream().write(admin.getKubernetesSerialization().asYaml(deployment)
                .getBytes(StandardCharsets.UTF_8));
        kubectl.getOutputStream().close();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as(output).isZero();
        return output.lines().filter(line -> line.startsWith("Warning: ")).toList();
    }

    private static HardeningPolicyStatus status() {
        HardeningPolicy policy = admin.resources(HardeningPolicy.class).withName(POLICY).get();
        return Objects.requireNonNullElseGet(policy.getStatus(), HardeningPolicyStatus::new);
    }
}
