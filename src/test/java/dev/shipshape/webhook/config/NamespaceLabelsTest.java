package dev.shipshape.webhook.config;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class NamespaceLabelsTest {

    private static final String NAME_LABEL = "kubernetes.io/metadata.name";

    KubernetesMockServer server;
    KubernetesClient client;

    private NamespaceLabels namespaceLabels;
    private RequestLog requests;

    @BeforeEach
    void setUp() {
        namespaceLabels = new NamespaceLabels(client, TestOperatorConfig.with(
                Map.of("shipshape.webhook.excluded-namespaces", "monitoring,not-created")));
        requests = new RequestLog(server);
    }

    @Test
    void unlabelledExcludedNamespacesGetTheirNameLabelAndKeepTheirOtherLabels() throws InterruptedException {
        create("kube-system", Map.of("team", "platform"));
        create("shipshape-system", Map.of());
        create("monitoring", Map.of());
        requests.sinceLastCall();

        namespaceLabels.ensureNameLabels();

        assertThat(labels("kube-system")).containsExactlyInAnyOrderEntriesOf(
                Map.of("team", "platform", NAME_LABEL, "kube-system"));
        assertThat(labels("shipshape-system")).containsExactlyEntriesOf(Map.of(NAME_LABEL, "shipshape-system"));
        assertThat(labels("monitoring")).containsExactlyEntriesOf(Map.of(NAME_LABEL, "monitoring"));
        assertThat(requests.writesSinceLastCall()).containsExactlyInAnyOrder(
                "PATCH /api/v1/namespaces/kube-system",
                "PATCH /api/v1/namespaces/shipshape-system",
                "PATCH /api/v1/namespaces/monitoring");
    }

    @Test
    void labelledNamespacesAreNotWritten() throws InterruptedException {
        create("kube-system", Map.of(NAME_LABEL, "kube-system"));
        create("shipshape-system", Map.of(NAME_LABEL, "shipshape-system"));
        create("monitoring", Map.of());
        requests.sinceLastCall();

        namespaceLabels.ensureNameLabels();

        assertThat(requests.writesSinceLastCall()).containsExactly("PATCH /api/v1/namespaces/monitoring");
    }

    @Test
    void missingNamespacesAreSkippedNotCreated() throws InterruptedException {
        create("kube-system", Map.of());
        requests.sinceLastCall();

        namespaceLabels.ensureNameLabels();

        assertThat(requests.writesSinceLastCall()).containsExactly("PATCH /api/v1/namespaces/kube-system");
        assertThat(client.namespaces().withName("not-created").get()).isNull();
        assertThat(client.namespaces().withName("monitoring").get()).isNull();
    }

    private void create(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    private Map<String, String> labels(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        return namespace.getMetadata().getLabels();
    }
}
