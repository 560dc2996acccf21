package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.Pem;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.TestConfigs;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The admission server's own behaviour, without Quarkus: several event loops sharing the port, certificate
 * swaps reaching all of them, and {@code POST /floor}, the benchmark's baseline, which is served only when
 * {@code shipshape.webhook.floor-endpoint} is on and allows whatever review it can read.
 */
class AdmissionServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Vertx VERTX = Vertx.vertx();
    private static final SSLContext TRUSTING = TrustAll.context();
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(TRUSTING).build();

    @AfterAll
    static void closeVertx() {
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyEventLoopServesAndSwitchesToANewCertificate() throws Exception {
        AdmissionServer server = started(false, 3);
        try {
            for (int connection = 0; connection < 6; connection++) {
                assertThat(servedCertificate(server)).isEqualTo(certificate(first));
                assertThat(post(server, "/validate/enforce", AdmissionDeciderTest.fixture("create-bad-deployment.json"))
                        .statusCode()).isEqualTo(200);
            }
            WebhookCertificate renewed = issue();
            server.useCertificate(renewed.certificatePem(), renewed.privateKeyPem());

            for (int connection = 0; connection < 6; connection++) {
                assertThat(servedCertificate(server)).isEqualTo(certificate(renewed));
            }
        } finally {
            server.close();
        }
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void floorAllowsAReviewItCanReadWithoutDecidingAnything() throws Exception {
        AdmissionServer server = started(true, 1);
        try {
            HttpResponse<String> response = post(server, "/floor",
                    AdmissionDeciderTest.fixture("create-bad-deployment.json"));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode review = MAPPER.readTree(response.body());
            assertThat(review.at("/response/allowed").asBoolean()).isTrue();
            assertThat(review.at("/response/uid").asText()).isNotBlank()
                    .isEqualTo(MAPPER.readTree(AdmissionDeciderTest.fixture("create-bad-deployment.json"))
                            .at("/request/uid").asText());
            assertThat(review.at("/response").has("warnings")).isFalse();
        } finally {
            server.close();
        }
    }

    @Test
    void floorRefusesAnUnreadableReview() throws Exception {
        AdmissionServer server = started(true, 2);
        try {
            HttpResponse<String> response = post(server, "/floor", "{\"kind\":".getBytes());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).path("error").asText()).startsWith("the body is not valid JSON");
        } finally {
            server.close();
        }
    }

    @Test
    void floorIsNotServedUnlessEnabled() throws Exception {
        AdmissionServer server = started(false, 1);
        try {
            HttpResponse<String> response = post(server, "/floor",
                    AdmissionDeciderTest.fixture("create-bad-deployment.json"));

            assertThat(response.statusCode()).isEqualTo(404);
        } finally {
            server.close();
        }
    }

    @Test
    void largeReviewsWaitUnreadForRoomWhileSmallOnesAreAnswered() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionServer server = started(Map.of("shipshape.webhook.max-body-bytes", "300000",
                "shipshape.webhook.held-body-bytes", "300000"), registry);
        byte[] large = paddedReview(200_000);
        try {
            CompletableFuture<HttpResponse<String>> waiting;
            try (SSLSocket holder = (SSLSocket) TRUSTING.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                OutputStream out = holder.getOutputStream();
                out.write(("POST /validate/enforce HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + large.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(large, 0, 1_000);
                out.flush();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> gauge(registry, "shipshape.admission.held.body.bytes") == large.length);

                waiting = HTTP.sendAsync(request(server, "/validate/enforce", large),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> gauge(registry, "shipshape.admission.large.reviews.waiting") == 1);

                HttpResponse<String> small = post(server, "/validate/enforce",
                        AdmissionDeciderTest.fixture("create-bad-deployment.json"));
                assertThat(small.statusCode()).as("a small review does not wait behind large ones").isEqualTo(200);
                assertThat(waiting).as("the second large review, while the first holds the room").isNotDone();
            }

            HttpResponse<String> answered = waiting.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(answered.body()).at("/response/uid").asText()).isEqualTo("padded");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gauge(registry, "shipshape.admission.held.body.bytes") == 0
                            && gauge(registry, "shipshape.admission.large.reviews.waiting") == 0);
        } finally {
            server.close();
        }
    }

    @Test
    void aHeldBodyBudgetSmallerThanTheLargestBodyIsRefusedAtStart() {
        assertThatThrownBy(() -> started(Map.of("shipshape.webhook.max-body-bytes", "300000",
                "shipshape.webhook.held-body-bytes", "200000"), new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shipshape.webhook.held-body-bytes (200000) must be at least "
                        + "shipshape.webhook.max-body-bytes (300000)");
    }

    /** A review of the bad Deployment fixture, padded with an annotation to about {@code bytes}. */
    private static byte[] paddedReview(int bytes) throws Exception {
        ObjectNode review = (ObjectNode) MAPPER.readTree(AdmissionDeciderTest.fixture("create-bad-deployment.json"));
        ((ObjectNode) review.path("request")).put("uid", "padded");
        ((ObjectNode) review.at("/request/object/metadata")).putObject("annotations").put("pad", "x".repeat(bytes));
        return MAPPER.writeValueAsBytes(review);
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private WebhookCertificate first;

    private AdmissionServer started(boolean floorEndpoint, int eventLoops) {
        return started(Map.of("shipshape.webhook.event-loops", Integer.toString(eventLoops),
                "shipshape.webhook.floor-endpoint", Boolean.toString(floorEndpoint)), new SimpleMeterRegistry());
    }

    private AdmissionServer started(Map<String, String> properties, MeterRegistry registry) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("shipshape.webhook.host", "127.0.0.1");
        all.put("shipshape.webhook.port", "0");
        AdmissionServer server = new AdmissionServer(VERTX, TestConfigs.operatorConfig(all), new PolicyCache(null, new AdmissionPolicySupport(null)),
                new NamespaceCache(null), OwnerLookup.NONE, new AdmissionMetrics(registry), WorkloadKinds.BUILT_IN);
        first = issue();
        server.useCertificate(first.certificatePem(), first.privateKeyPem());
        return server;
    }

    private static WebhookCertificate issue() {
        Instant now = Instant.now();
        return CertificateAuthority.generate(now)
                .issue(SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-test", List.of()),
                        Duration.ofDays(1), now);
    }

    private static X509Certificate certificate(WebhookCertificate certificate) {
        return Pem.decodeCertificates(certificate.certificatePem()).get(0);
    }

    /** The certificate a new connection is served. */
    private static X509Certificate servedCertificate(AdmissionServer server) throws Exception {
        try (SSLSocket socket = (SSLSocket) TRUSTING.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static HttpResponse<String> post(AdmissionServer server, String path, byte[] body) throws Exception {
        return HTTP.send(request(server, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(AdmissionServer server, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
