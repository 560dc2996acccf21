package dev.shipshape.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.AdmissionMetrics;
import dev.shipshape.webhook.AdmissionServer;
import dev.shipshape.webhook.PolicyCache;
import dev.shipshape.webhook.TrustAll;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.TestConfigs;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad reviews through the real admission server over HTTPS, with policies in every webhook: each gets HTTP 400
 * with its message, never a 500 or a dropped connection, and the server answers a valid review right after.
 */
class AdmissionServerBadInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VALID = Samples.reviews().get("create-bad-deployment.json");
    private static final int LIMIT = 3 * 1024 * 1024;

    private static Vertx vertx;
    private static AdmissionServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        var config = TestConfigs.operatorConfig(Map.of(
                "shipshape.webhook.host", "127.0.0.1",
                "shipshape.webhook.port", "0",
                "shipshape.webhook.event-loops", "2"));
        PolicyCache policies = new PolicyCache(null, new AdmissionPolicySupport(null)) {
            @Override
            public List<CompiledPolicy> policies(WebhookKind webhook) {
                return AdmissionCorpus.policies(webhook);
            }
        };
        server = new AdmissionServer(vertx, config, policies, new NamespaceCache(null), OwnerLookup.NONE,
                new AdmissionMetrics(new SimpleMeterRegistry()), WorkloadKinds.BUILT_IN);
        Instant now = Instant.now();
        WebhookCertificate certificate = CertificateAuthority.generate(now)
                .issue(SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-test", List.of()),
                        Duration.ofDays(1), now);
        server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        http = HttpClient.newBuilder().sslContext(TrustAll.context()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static Stream<Arguments> badReviews() {
        String valid = VALID;
        return Stream.of(
                arguments("truncated", bytes(valid.substring(0, valid.length() / 2)), "the body is not valid JSON: "),
                arguments("nested 5000 levels", bytes("[".repeat(5000) + "]".repeat(5000)),
                        "the body is nested too deeply (more than 200 levels) at line 1, column "),
                arguments("a number of 1001 digits", bytes(valid.replace("\"replicas\": 2", "\"replicas\": "
                        + "9".repeat(1001))), "the body exceeds a limit of the JSON reader: Number value length"),
                arguments("invalid UTF-8 in the uid", withInvalidUtf8(valid, "11111111-"),
                        "the body is not valid JSON: Invalid UTF-8"),
                arguments("wrong apiVersion", bytes(valid.replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1")),
                        "apiVersion must be admission.k8s.io/v1, got \"admission.k8s.io/v1beta1\""),
                arguments("uid of the wrong type",
                        bytes(valid.replace("\"11111111-0000-0000-0000-000000000002\"", "[]")),
                        "request.uid must be a string"),
                arguments("runAsUser of the wrong type",
                        bytes(valid.replace("\"runAsUser\": 0", "\"runAsUser\": \"root\"")),
                        "request.object.spec.template.spec.containers[0].securityContext.runAsUser: "),
                arguments("a string over the body limit", bytes(valid.replace("\"legacy\"",
                        "\"" + "x".repeat(LIMIT) + "\"")), "at most " + LIMIT + " are accepted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReviews")
    void badReviewsGetA400WithTheirMessageAndTheServerKeepsServing(String name, byte[] body, String message)
            throws Exception {
        for (WebhookKind webhook : AdmissionCorpus.WORKLOAD_WEBHOOKS) {
            HttpResponse<String> response = post(webhook, HttpRequest.BodyPublishers.ofByteArray(body));

            assertThat(response.statusCode()).as("%s on %s: %s", name, webhook, response.body()).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body()).path("error").asText()).as(webhook.path()).contains(message);
            assertStillServing(webhook);
        }
    }

    static Stream<Arguments> oddButReadableReviews() throws Exception {
        ObjectNode withoutNamespaces = (ObjectNode) MAPPER.readTree(VALID);
        ((ObjectNode) withoutNamespaces.get("request")).remove("namespace");
        ((ObjectNode) withoutNamespaces.at("/request/object")).remove("metadata");
        ObjectNode nullContainers = (ObjectNode) MAPPER.readTree(VALID);
        ((ObjectNode) nullContainers.at("/request/object/spec/template/spec")).putNull("containers");
        return Stream.of(
                arguments("an object without metadata in a review without a namespace", withoutNamespaces.toString()),
                arguments("containers: null", nullContainers.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddButReadableReviews")
    void reviewsThatOnceFailedWithA500AreDecided(String name, String review) throws Exception {
        for (WebhookKind webhook : AdmissionCorpus.WORKLOAD_WEBHOOKS) {
            HttpResponse<String> response = post(webhook, HttpRequest.BodyPublishers.ofString(review));

            assertThat(response.statusCode()).as("%s on %s: %s", name, webhook, response.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(response.body()).at("/response/uid").asText())
                    .isEqualTo("11111111-0000-0000-0000-000000000002");
        }
    }

    @ParameterizedTest(name = "{0} bytes, streamed without a length")
    @MethodSource("streamedSizes")
    void streamedBodiesOverTheLimitGetA400(int size) throws Exception {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        HttpResponse<String> response = post(WebhookKind.ENFORCE,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("error").asText())
                .isEqualTo("the body has more than " + LIMIT + " bytes");
        assertStillServing(WebhookKind.ENFORCE);
    }

    static Stream<Integer> streamedSizes() {
        return Stream.of(LIMIT + 1, 2 * LIMIT);
    }

    private static void assertStillServing(WebhookKind webhook) throws Exception {
        HttpResponse<String> response = post(webhook, HttpRequest.BodyPublishers.ofString(VALID));
        assertThat(response.statusCode()).as("a valid review on %s afterwards", webhook).isEqualTo(200);
        JsonNode review = MAPPER.readTree(response.body());
        assertThat(review.at("/response/uid").asText()).isEqualTo("11111111-0000-0000-0000-000000000002");
    }

    private static HttpResponse<String> post(WebhookKind webhook, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + webhook.path()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The text with the bytes C3 28 (a two-byte sequence broken by its second byte) after {@code after}. */
    private static byte[] withInvalidUtf8(String text, String after) {
        byte[] bytes = bytes(text);
        int at = text.indexOf(after) + after.length();
        byte[] broken = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, broken, 0, at);
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28;
        System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
        return broken;
    }
}
