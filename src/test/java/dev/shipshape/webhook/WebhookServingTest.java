package dev.shipshape.webhook;

import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.TestConfigs;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookServingTest {

    private static final Vertx VERTX = Vertx.vertx();

    /** A cache whose first list arrives when the test says so. */
    private static final class Listed {
        private volatile boolean synced;
    }

    private final Listed policiesListed = new Listed();
    private final Listed namespacesListed = new Listed();
    private final Listed ownersListed = new Listed();
    private final AdmissionServer server = new AdmissionServer(VERTX,
            TestConfigs.operatorConfig(Map.of("shipshape.webhook.host", "127.0.0.1", "shipshape.webhook.port", "0")),
            new PolicyCache(null, new AdmissionPolicySupport(null)), new NamespaceCache(null), OwnerLookup.NONE,
            new AdmissionMetrics(new SimpleMeterRegistry()), WorkloadKinds.BUILT_IN);
    private final WebhookServing serving = new WebhookServing(null, server, new PolicyCache(null, new AdmissionPolicySupport(null)) {
        @Override
        public boolean synced() {
            return policiesListed.synced;
        }
    }, new NamespaceCache(null) {
        @Override
        public boolean synced() {
            return namespacesListed.synced;
        }
    }, new OwnerCache(null, null) {
        @Override
        public boolean synced() {
            return ownersListed.synced;
        }
    });
    private final AdmissionReadiness readiness = new AdmissionReadiness(server);

    @AfterEach
    void closeServer() {
        server.close();
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    @Test
    void aCertificateBeforeTheCachesAreListedWaitsForThem() throws Exception {
        CompletableFuture<Void> started = CompletableFuture.runAsync(serving::startOnceCachesSynced);
        serving.serve(certificate());
        policiesListed.synced = true;

        assertThat(started).as("still waiting for the namespaces").isNotDone();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        namespacesListed.synced = true;

        assertThat(started).as("still waiting for the owner workloads").isNotDone();
        assertThat(server.port()).isEqualTo(-1);

        ownersListed.synced = true;
        started.get(10, TimeUnit.SECONDS);

        assertThat(server.port()).isPositive();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("port", (long) server.port());
    }

    @Test
    void aCertificateAfterTheCachesAreListedIsServedAtOnce() {
        policiesListed.synced = true;
        namespacesListed.synced = true;
        ownersListed.synced = true;
        serving.startOnceCachesSynced();
        assertThat(server.port()).as("no certificate yet").isEqualTo(-1);

        serving.serve(certificate());

        assertThat(server.port()).isPositive();
    }

    private static WebhookCertificate certificate() {
        Instant now = Instant.now();
        return CertificateAuthority.generate(now)
                .issue(SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-test", List.of()),
                        Duration.ofDays(1), now);
    }
}
