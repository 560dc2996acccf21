package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A custom resource with a pod template, declared with {@code shipshape.workload-kinds}: the enforcing webhook
 * denies a violating one and admits a hardened one, and the audit counts and reports the ones that exist.
 */
class DeclaredKindsIT {

    private static final String NAMESPACE = "widgets";
    private static final String DECLARATION = "apps.example.com/v1/Widget=spec.template";
    private static final ResourceDefinitionContext WIDGET = new ResourceDefinitionContext.Builder()
            .withGroup("apps.example.com").withVersion("v1").withKind("Widget").withPlural("widgets")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    /** The first audit after the operator starts, which waits for the informers to list every workload. */
    private static final Duration FIRST_AUDIT = Duration.ofSeconds(60);

    @Test
    void aDeclaredKindIsReviewedAtAdmissionAndAudited() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-declared");
        OperatorProcess operator = null;
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("admin.kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml",
                    "deploy/components/policy-reports/policyreport-crd.yaml", "src/test/resources/it/widget-crd.yaml");
            ClusterObjects.namespace(admin, OperatorProcess.NAMESPACE);
            ClusterObjects.namespace(admin, NAMESPACE);
            admin.genericKubernetesResources(WIDGET).inNamespace(NAMESPACE).resource(widget(admin, "legacy-widget",
                    "bad-deployment.yaml")).create();
            admin.resource(ClusterObjects.policy("widgets", Mode.Enforce, NAMESPACE)).create();

            int port = OperatorProcess.freePort();
            operator = OperatorProcess.start(kubeconfig, port, port, List.of("-Xmx256m"),
                    Map.of("shipshape.workload-kinds", DECLARATION), Map.of(), work.resolve("operator.log"));
            OperatorProcess running = operator;
            await("the API server enforcing through Shipshape").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        assertThat(running.isAlive()).as("the operator runs; see %s", running.log()).isTrue();
                        return ClusterObjects.review(admin, NAMESPACE) == ClusterObjects.Review.DENIED;
                    });

            KubernetesClientException denied = catchThrowableOfType(() -> admin.genericKubernetesResources(WIDGET)
                    .inNamespace(NAMESPACE).resource(widget(admin, "new-widget", "bad-deployment.yaml")).create(),
                    KubernetesClientException.class);
            assertThat(denied).as("a violating Widget is refused").isNotNull();
            System.out.println("declared kind: " + denied.getStatus().getMessage().lines().findFirst().orElse(""));
            assertThat(denied.getStatus().getMessage()).contains("Shipshape denied Widget widgets/new-widget: ")
                    .contains("check run-as-non-root");
            admin.genericKubernetesResources(WIDGET).inNamespace(NAMESPACE)
                    .resource(widget(admin, "hardened-widget", "hardened-deployment.yaml")).create();

            await("the audit counting both Widgets").atMost(FIRST_AUDIT).untilAsserted(() -> {
                HardeningPolicyStatus status = admin.resources(HardeningPolicy.class).withName("widgets").get()
                        .getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getSummary()).isNotNull();
                assertThat(status.getSummary().getWorkloads()).isEqualTo(2);
                assertThat(status.getSummary().getViolating()).isEqualTo(1);
            });
            GenericKubernetesResource report = admin.genericKubernetesResources(POLICY_REPORT).inNamespace(NAMESPACE)
                    .withName("shipshape-widgets").get();
            List<Map<String, Object>> results = report.get("results");
            assertThat(results).anySatisfy(result -> assertThat(result.get("resources").toString())
                    .contains("kind=Widget").contains("name=legacy-widget"));
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    /** A Widget whose template is that of the Deployment manifest {@code resource}. */
    private static GenericKubernetesResource widget(KubernetesClient client, String name, String resource) {
        Deployment deployment = (Deployment) ClusterObjects.manifest(client, resource, NAMESPACE);
        GenericKubernetesResource widget = new GenericKubernetesResource();
        widget.setApiVersion("apps.example.com/v1");
        widget.setKind("Widget");
        widget.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        widget.setAdditionalProperty("spec", Map.of("template", deployment.getSpec().getTemplate()));
        return widget;
    }
}
