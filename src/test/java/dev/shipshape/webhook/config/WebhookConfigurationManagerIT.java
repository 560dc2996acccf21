package dev.shipshape.webhook.config;

import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.OperatorConfig;
import dev.shipshape.cluster.ResourceRule;
import dev.shipshape.cluster.ServedWorkloadResources;
import dev.shipshape.it.LocalControlPlane;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Kubernetes 1.20.2 API server (scripts/kube-binaries.sh builds it): the server accepts the
 * configurations, serves CronJobs only as batch/v1beta1, sets no namespace name labels, serves no
 * pods/ephemeralcontainers (alpha and off in 1.20), and its defaulted fields do not make a repeated apply write again.
 * With the alpha feature gate on, 1.20 serves the subresource in its pre-1.22 shape, which is not registered either.
 */
class WebhookConfigurationManagerIT {

    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfirst\n-----END CERTIFICATE-----\n";
    private static final String RENEWED_CA_PEM =
            "-----BEGIN CERTIFICATE-----\nMIIBrenewed\n-----END CERTIFICATE-----\n";

    private static KubeAPIServer apiServer;
    private static KubernetesClient client;

    private final OperatorConfig config = TestOperatorConfig.defaults();
    private final WebhookConfigurationManager manager = new WebhookConfigurationManager(client, config,
            new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN), new NamespaceLabels(client, config));

    @BeforeAll
    static void startApiServer() {
        apiServer = LocalControlPlane.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml())).build();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        apiServer.stop();
    }

    @Test
    void theAlphaEphemeralContainersSubresourceIsDiscoveredAndNotRegistered() {
        KubeAPIServer alpha = LocalControlPlane.start(Map.of("--feature-gates", "EphemeralContainers=true"));
        try (KubernetesClient alphaClient = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(alpha.getKubeConfigYaml())).build()) {
            assertThat(alphaClient.getApiResources("v1").getResources())
                    .anySatisfy(resource -> {
                        assertThat(resource.getName()).isEqualTo("pods/ephemeralcontainers");
                        assertThat(resource.getKind()).isEqualTo("EphemeralContainers");
                    });
            assertThat(new ServedWorkloadResources(alphaClient, WorkloadKinds.BUILT_IN).discover()).noneMatch(ResourceRule::subresource)
                    .anyMatch(rule -> rule.resources().contains("pods"));
        } finally {
            alpha.stop();
        }
    }

    @Test
    void configurationsTheServerAcceptsFollowThePolicies() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shipshape-system")
                .endMetadata().build()).create();

        manager.apply(new PolicyModes(true, true, true), CA_PEM);

        ValidatingWebhookConfiguration enforce = client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("shipshape-enforce").get();
        assertThat(enforce.getWebhooks().get(0).getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("batch");
            assertThat(rule.getApiVersions()).containsExactly("v1beta1");
            assertThat(rule.getResources()).containsExactly("cronjobs");
        });
        assertThat(enforce.getWebhooks().get(0).getRules()).as("1.20 does not serve pods/ephemeralcontainers")
                .noneMatch(rule -> rule.getResources().contains("pods/ephemeralcontainers"));
        assertThat(client.namespaces().withName("kube-system").get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/metadata.name", "kube-system");
        assertThat(client.namespaces().withName("shipshape-system").get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/metadata.name", "shipshape-system");

        String resourceVersion = enforce.getMetadata().getResourceVersion();
        manager.apply(new PolicyModes(true, true, true), CA_PEM);
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName("shipshape-enforce").get().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);

        manager.updateCaBundle(RENEWED_CA_PEM);
        assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("shipshape-mutate")
                .get().getWebhooks().get(0).getClientConfig().getCaBundle())
                .isEqualTo(WebhookConfigurations.encodeCaBundle(RENEWED_CA_PEM));

        manager.apply(new PolicyModes(false, false, false), RENEWED_CA_PEM);
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems()
                .stream().map(configuration -> configuration.getMetadata().getName()).toList())
                .doesNotContain("shipshape-enforce", "shipshape-advisory").contains("shipshape-policies");
        assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems()
                .stream().map(configuration -> configuration.getMetadata().getName()).toList())
                .isEqualTo(List.of());
    }
}
