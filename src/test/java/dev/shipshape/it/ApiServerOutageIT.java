package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator loses the API server for 20 seconds — every connection dropped, new ones refused, as in an API
 * server restart — while workloads change. Admission keeps working from the caches (the API server still calls
 * the webhook); afterwards the informers resync, the status catches up, and there is still exactly one
 * PolicyReport for the namespace and one PolicyViolation Event per violating workload.
 */
class ApiServerOutageIT {

    private static final String WORKLOADS = "outage-audit";
    private static final String ENFORCED = "outage-enforce";
    private static final String POLICY = "outage-audit";
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport")
            .withPlural("policyreports").withNamespaced(true).build();

    @Test
    void afterTheOutageStatusReportsAndEventsCatchUpWithoutDuplicates() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-apiserver-outage");
        int webhookPort = OperatorProcess.freePort();
        Config adminConfig = Config.fromKubeconfig(server.getKubeConfigYaml());
        int apiServerPort = URI.create(adminConfig.getMasterUrl()).getPort();
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
             LoopbackService apiServer = new LoopbackService(List.of(apiServerPort))) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml()
                    .replace("127.0.0.1:" + apiServerPort, "127.0.0.1:" + apiServer.port()));
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml",
                    "deploy/components/policy-reports/policyreport-crd.yaml");
            for (String namespace : List.of(OperatorProcess.NAMESPACE, WORKLOADS, ENFORCED)) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).create();
            }
            admin.resource(violating(admin, "first")).create();
            admin.resource(violating(admin, "second")).create();
            try (OperatorProcess operator = OperatorProcess.start(kubeconfig, webhookPort, webhookPort,
                    List.of("-XX:+UseSerialGC", "-Xmx128m"), Map.of(), Map.of(), work.resolve("operator.log"))) {
                admin.resource(ClusterObjects.policy(POLICY, Mode.Audit, WORKLOADS)).create();
                admin.resource(ClusterObjects.policy("outage-enforce", Mode.Enforce, ENFORCED)).create();
                await("the audit of the first two").atMost(Duration.ofSeconds(90))
                        .until(() -> workloads(admin) == 2 && report(admin) != null);
                admin.resource(violating(admin, "third")).create();
                await("an Event for a workload created after the initial audit").atMost(Duration.ofSeconds(30))
                        .until(() -> violationEvents(admin).containsKey("third"));
                await("the enforcing webhook").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> ClusterObjects.review(admin, ENFORCED) == ClusterObjects.Review.DENIED);

                apiServer.cut();
                admin.resources(Deployment.class).inNamespace(WORKLOADS).withName("first")
                        .withTimeout(10, TimeUnit.SECONDS).delete();
                admin.resource(violating(admin, "during-the-outage")).create();
                assertThat(ClusterObjects.review(admin, ENFORCED)).as("admission from the caches")
                        .isEqualTo(ClusterObjects.Review.DENIED);
                await("the operator rides out 20 s without the API server").during(Duration.ofSeconds(20))
                        .atMost(Duration.ofSeconds(25)).until(operator::isAlive);
                apiServer.restore();

                await("the status catches up").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(workloads(admin)).isEqualTo(3);
                    assertThat(reportedWorkloads(admin))
                            .containsExactlyInAnyOrder("second", "third", "during-the-outage");
                });
                await("an Event for the workload created during the outage").atMost(Duration.ofSeconds(30))
                        .until(() -> violationEvents(admin).containsKey("during-the-outage"));
                await("no Event repeated or added").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(violationEvents(admin)).as("PolicyViolation Events by "
                                + "workload: none for the workloads that were there before the operator started, one "
                                + "for each new one").isEqualTo(Map.of("third", 1L, "during-the-outage", 1L)));
                assertThat(admin.genericKubernetesResources(POLICY_REPORT).inNamespace(WORKLOADS).list().getItems())
                        .hasSize(1);
                assertThat(operator.isAlive()).as("an outage shorter than the renew deadline restarts nothing; see %s",
                        operator.log()).isTrue();
            }
        } finally {
            server.stop();
        }
    }

    private static HasMetadata violating(KubernetesClient admin, String name) {
        HasMetadata deployment = ClusterObjects.manifest(admin, "bad-deployment.yaml", WORKLOADS);
        deployment.getMetadata().setName(name);
        return deployment;
    }

    private static int workloads(KubernetesClient admin) {
        HardeningPolicy policy = admin.resources(HardeningPolicy.class).withName(POLICY).get();
        return policy.getStatus() == null || policy.getStatus().getSummary() == null ? -1
                : policy.getStatus().getSummary().getWorkloads();
    }

    private static GenericKubernetesResource report(KubernetesClient admin) {
        return admin.genericKubernetesResources(POLICY_REPORT).inNamespace(WORKLOADS).withName("shipshape-" + POLICY)
                .get();
    }

    private static List<Object> reportedWorkloads(KubernetesClient admin) {
        List<Map<String, Object>> results = report(admin).get("results");
        return results.stream().flatMap(result -> ((List<?>) result.get("resources")).stream())
                .map(resource -> (Object) ((Map<?, ?>) resource).get("name")).distinct().toList();
    }

    private static Map<String, Long> violationEvents(KubernetesClient admin) {
        return admin.v1().events().inNamespace(WORKLOADS).list().getItems().stream()
                .filter(event -> "PolicyViolation".equals(event.getReason()))
                .filter(event -> event.getMessage() != null && event.getMessage().contains(POLICY + ":"))
                .collect(Collectors.groupingBy(event -> event.getInvolvedObject().getName(), Collectors.counting()));
    }
}
