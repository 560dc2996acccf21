package dev.shipshape.security;

import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.AdmissionMetrics;
import dev.shipshape.webhook.AdmissionServer;
import dev.shipshape.webhook.PolicyCache;
import dev.shipshape.webhook.TrustedAuthorities;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.TestConfigs;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admission server on loopback HTTPS with a fixed set of policies in place of the informer's, and a client
 * that trusts its CA.
 */
final class RunningAdmissionServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final AdmissionServer server;
    private final HttpClient http;

    /**
     * @param properties operator settings besides the loopback address and a random port
     * @param policies the policies each webhook serves; a webhook not listed serves none
     */
    RunningAdmissionServer(Map<String, String> properties, Map<WebhookKind, List<CompiledPolicy>> policies,
                           AdmissionMetrics metrics) throws Exception {
        Map<String, String> all = new HashMap<>(properties);
        all.put("shipshape.webhook.host", "127.0.0.1");
        all.put("shipshape.webhook.port", "0");
        all.put("shipshape.webhook.event-loops", "1");
        PolicyCache fixed = new PolicyCache(null, new AdmissionPolicySupport(null)) {
            @Override
            public List<CompiledPolicy> policies(WebhookKind webhook) {
                return policies.getOrDefault(webhook, List.of());
            }
        };
        server = new AdmissionServer(vertx, TestConfigs.operatorConfig(all), fixed, new NamespaceCache(null),
                OwnerLookup.NONE, metrics, WorkloadKinds.BUILT_IN);
        Instant now = Instant.now();
        WebhookCertificate certificate = CertificateAuthority.generate(now).issue(
                SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-test", List.of()),
                Duration.ofDays(1), now);
        server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        http = HttpClient.newBuilder().sslContext(TrustedAuthorities.context(certificate.caBundlePem())).build();
    }

    HttpResponse<String> post(WebhookKind webhook, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + webhook.path()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
