package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import dev.shipshape.cluster.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.shipshape.webhook.tls.TestConfigs.NAMESPACE;
import static dev.shipshape.webhook.tls.TestConfigs.SECRET_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class CertificateKeeperTest {

    /** The keeper writes on a thread of its own; on a loaded machine this is far more than it needs. */
    private static final Duration CREATED_WITHIN = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient client;

    private CertificateKeeper keeper(Map<String, String> properties) {
        OperatorConfig config = TestConfigs.operatorConfig(properties);
        return new CertificateKeeper(new CertificateManager(client, config), config);
    }

    @Test
    void theLeaderCreatesTheSelfManagedCertificateBeforeAnyPolicyExists() {
        keeper(Map.of()).startLeading(new LeaderElection.StartedLeading());

        await().atMost(CREATED_WITHIN).untilAsserted(() ->
                assertThat(client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get()).isNotNull());
        WebhookCertificate stored = new CertificateSecrets(NAMESPACE, SECRET_NAME)
                .readCertificate(client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get());
        assertThat(stored.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void aCertificateFromElsewhereIsNeverCreated() throws Exception {
        CertificateKeeper keeper = keeper(Map.of("shipshape.tls.mode", "secret"));

        keeper.startLeading(new LeaderElection.StartedLeading());

        assertThat(server.takeRequest(2, TimeUnit.SECONDS)).as("no request at all").isNull();
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get()).isNull();
    }
}
