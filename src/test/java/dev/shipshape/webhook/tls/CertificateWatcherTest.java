package dev.shipshape.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.shipshape.webhook.tls.TestConfigs.NAMESPACE;
import static dev.shipshape.webhook.tls.TestConfigs.SECRET_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class CertificateWatcherTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String GAUGE_SAMPLE = "shipshape_certificate_expiry_timestamp_seconds ";

    KubernetesClient client;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<WebhookCertificate> received = new CopyOnWriteArrayList<>();
    private CertificateWatcher watcher;

    @AfterEach
    void stopWatching() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Test
    void deliversTheExistingCertificateAtStartAndEachChangeAfterwards() {
        WebhookCertificate initial = manager().ensure(NOW);
        watcher = watcher();
        watcher.addListener(received::add);

        watcher.start();
        await().until(() -> received.size() == 1);
        WebhookCertificate renewed = manager().ensure(initial.notAfter().minus(Duration.ofDays(1)));

        await().until(() -> received.size() == 2);
        assertThat(received).containsExactly(initial, renewed);
        assertThat(watcher.current()).contains(renewed);
    }

    @Test
    void deliversTheFirstCertificateWhenTheSecretAppearsAfterStart() {
        watcher = watcher();
        watcher.addListener(received::add);
        watcher.start();
        assertThat(watcher.current()).isEmpty();

        WebhookCertificate created = manager().ensure(NOW);

        await().until(() -> received.size() == 1);
        assertThat(received).containsExactly(created);
    }

    @Test
    void aListenerAddedLaterGetsTheCurrentCertificateStraightAway() {
        WebhookCertificate initial = manager().ensure(NOW);
        watcher = watcher();
        watcher.start();
        await().until(() -> watcher.current().isPresent());

        watcher.addListener(received::add);

        assertThat(received).containsExactly(initial);
    }

    @Test
    void ignoresInvalidContentAndDeletionAndKeepsTheCertificateInUse() {
        WebhookCertificate initial = manager().ensure(NOW);
        watcher = watcher();
        watcher.addListener(received::add);
        watcher.start();
        await().until(() -> received.size() == 1);

        Secret broken = storedSecret();
        broken.getData().put("tls.key", base64("not a key"));
        client.secrets().inNamespace(NAMESPACE).resource(broken).update();
        client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).delete();
        WebhookCertificate replacement = manager().ensure(NOW);

        await().until(() -> received.size() == 2);
        assertThat(received).containsExactly(initial, replacement);
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromTheCertificate() {
        watcher = watcher();
        watcher.addListener(certificate -> {
            throw new IllegalStateException("listener broke");
        });
        watcher.addListener(received::add);
        watcher.start();

        WebhookCertificate created = manager().ensure(NOW);

        await().until(() -> received.size() == 1);
        assertThat(received).containsExactly(created);
    }

    @Test
    void exportsTheExpiryOfTheCertificateInUseAsEpochSeconds() {
        watcher = watcher();
        assertThat(gaugeSample()).isEqualTo("NaN");

        WebhookCertificate created = manager().ensure(NOW);
        watcher.start();
        await().until(() -> watcher.current().isPresent());

        assertThat(Double.parseDouble(gaugeSample())).isEqualTo((double) created.notAfter().getEpochSecond());
        assertThat(registry.scrape()).contains("# TYPE shipshape_certificate_expiry_timestamp_seconds gauge");
    }

    private String gaugeSample() {
        return registry.scrape().lines()
                .filter(line -> line.startsWith(GAUGE_SAMPLE))
                .map(line -> line.substring(GAUGE_SAMPLE.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no gauge sample in\n" + registry.scrape()));
    }

    private CertificateWatcher watcher() {
        return new CertificateWatcher(client, TestConfigs.operatorConfig(Map.of()), registry);
    }

    private CertificateManager manager() {
        return new CertificateManager(client, TestConfigs.operatorConfig(Map.of()));
    }

    private Secret storedSecret() {
        return client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
