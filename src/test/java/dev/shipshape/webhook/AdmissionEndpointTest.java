package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import dev.shipshape.webhook.tls.CertificateWatcher;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admission endpoints over HTTPS, wired as in production against a mock API server: policies arrive
 * through the informer, the leader creates the certificate Secret and webhook configurations, and the server
 * serves with the certificate from that Secret.
 */
@QuarkusTest
@WithKubernetesTestServer
class AdmissionEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static HttpClient http;

    @Inject
    KubernetesClient client;
    @Inject
    AdmissionServer server;
    @Inject
    PolicyCache policies;
    @Inject
    CertificateWatcher certificates;
    @TestHTTPResource("/q/metrics")
    URL metrics;
    @TestHTTPResource("/q/health/ready")
    URL ready;

    @BeforeEach
    void waitForTheOperatorToServe() throws Exception {
        if (http != null) {
            return;
        }
        apply("production", Mode.Enforce, AdmissionRemediation.None);
        apply("staging", Mode.Warn, AdmissionRemediation.Mutate);
        await().atMost(Duration.ofSeconds(30)).until(() -> policies.policies(WebhookKind.ENFORCE).size() == 1
                && policies.policies(WebhookKind.ADVISORY).size() == 1
                && certificates.current().isPresent() && server.port() > 0);

        SSLContext tls = TrustedAuthorities.context(certificates.current().orElseThrow().caBundlePem());
        http = HttpClient.newBuilder().sslContext(tls).build();
    }

    @Test
    void theLeaderCreatedTheCertificateSecretAndWebhookConfigurations() {
        assertThat(client.secrets().inNamespace("shipshape-system").withName("shipshape-webhook-tls").get())
                .isNotNull();
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("shipshape-enforce")
                .get()).isNotNull();
        assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("shipshape-mutate")
                .get()).isNotNull();
    }

    private void apply(String name, Mode mode, AdmissionRemediation admission) {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        // the fixtures judge workloads, not the NetworkPolicies of their namespace (none on the mock server)
        CheckOverride segmentation = new CheckOverride();
        segmentation.setId("network-policy");
        segmentation.setDisabled(true);
        spec.setChecks(List.of(segmentation));
        RemediationSettings remediation = new RemediationSettings();
        remediation.setAdmission(admission);
        spec.setRemediation(remediation);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        client.resource(policy).createOr(NonDeletingOperation::update);
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode review(String path, String fixture) throws Exception {
        HttpResponse<String> response = post(path, AdmissionDeciderTest.fixture(fixture));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode review = MAPPER.readTree(response.body());
        assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.at("/response/uid").asText())
                .isEqualTo(MAPPER.readTree(AdmissionDeciderTest.fixture(fixture)).at("/request/uid").asText());
        return review.get("response");
    }

    @Test
    void theReplicaIsReadyWhileItServesAdmission() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready.toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode admission = java.util.stream.StreamSupport.stream(MAPPER.readTree(response.body()).path("checks")
                .spliterator(), false).filter(check -> check.path("name").asText().equals("admission"))
                .findFirst().orElseThrow();
        assertThat(admission.path("status").asText()).isEqualTo("UP");
        assertThat(admission.at("/data/port").asInt()).isEqualTo(server.port());
    }

    @Test
    void enforceAllowsAHardenedDeployment() throws Exception {
        JsonNode response = review("/validate/enforce", "create-hardened-deployment.json");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.has("warnings")).isFalse();
    }

    @Test
    void enforceDeniesABadDeployment() throws Exception {
        JsonNode response = review("/validate/enforce", "create-bad-deployment.json");
        assertThat(response.path("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/code").asInt()).isEqualTo(403);
        assertThat(response.at("/status/message").asText())
                .startsWith("Shipshape denied Deployment shop/legacy:")
                .contains("- policy production, check privileged (critical)");
    }

    @Test
    void advisoryWarns() throws Exception {
        JsonNode response = review("/validate/advisory", "create-bad-deployment.json");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.get("warnings")).isNotEmpty();
        assertThat(response.get("warnings").get(0).asText()).startsWith("staging: ");
    }

    @Test
    void mutateReturnsABase64JsonPatch() throws Exception {
        JsonNode response = review("/mutate", "create-fillable-deployment.json");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode patch = MAPPER.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        assertThat(patch).isNotEmpty().allSatisfy(operation -> assertThat(operation.path("op").asText()).isEqualTo("add"));
    }

    @Test
    void dryRunIsDecidedTheSameWay() throws Exception {
        JsonNode response = review("/validate/enforce", "create-bad-deployment-dry-run.json");
        assertThat(response.path("allowed").asBoolean()).isFalse();
    }

    @Test
    void updateWithOnlyPreExistingViolationsIsAllowedWithWarnings() throws Exception {
        JsonNode response = review("/validate/enforce", "update-scale-bad-deployment.json");
        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.get("warnings").get(0).asText()).startsWith("pre-existing, not denied on update: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":7}}"})
    void unreadableReviewsGetA400WithAClearMessage(String body) throws Exception {
        HttpResponse<String> response = post("/validate/enforce", body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(response.body());
        assertThat(error.path("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(review("/validate/enforce", "create-hardened-deployment.json").path("allowed").asBoolean())
                .as("still serving").isTrue();
    }

    @Test
    void objectOfTheWrongShapeIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = post("/validate/enforce",
                AdmissionDeciderTest.fixture("create-wrong-shape-deployment.json"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("error").asText())
                .startsWith("request.object.spec.template.spec.containers[0].ports[0].containerPort");
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        byte[] huge = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> response = post("/validate/enforce", huge);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).contains("at most 3145728");
    }

    @Test
    void deeplyNestedBodiesAreRefused() throws Exception {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        HttpResponse<String> response = post("/validate/enforce", nested.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("error").asText()).contains("nested too deeply");
    }

    @Test
    void largeReviewsAreDecidedAlongsideSmallOnes() throws Exception {
        byte[] large = withEnv("create-bad-deployment.json", 8_000);
        assertThat(large.length).isGreaterThan(AdmissionServer.LARGE_REVIEW_BYTES);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(postAsync("/validate/enforce", large));
            answers.add(postAsync("/validate/enforce", AdmissionDeciderTest.fixture("create-hardened-deployment.json")));
        }
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> answer = answers.get(i).get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode response = MAPPER.readTree(answer.body()).get("response");
            assertThat(response.path("allowed").asBoolean()).as("review %d", i).isEqualTo(i % 2 == 1);
        }
        JsonNode mutated = MAPPER.readTree(post("/mutate", withEnv("create-fillable-deployment.json", 8_000)).body());
        assertThat(mutated.at("/response/patchType").asText()).isEqualTo("JSONPatch");
    }

    @Test
    void reviewsWithTooManyTokensAreRefused() throws Exception {
        String review = new String(AdmissionDeciderTest.fixture("create-bad-deployment.json"), StandardCharsets.UTF_8);
        String bloated = review.replaceFirst("\"containers\"\\s*:\\s*\\[",
                "\"volumes\": [" + String.join(",", Collections.nCopies(250_000, "{}")) + "], \"containers\": [");

        HttpResponse<String> response = post("/validate/enforce", bloated.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).path("error").asText())
                .startsWith("the body has too many JSON names, values and brackets (more than 400000) at line ");
    }

    @Test
    void aWorkloadWithTooManyContainersIsDeniedUnread() throws Exception {
        ObjectNode review = (ObjectNode) MAPPER.readTree(AdmissionDeciderTest.fixture("create-hardened-deployment.json"));
        ArrayNode containers = (ArrayNode) review.at("/request/object/spec/template/spec/containers");
        JsonNode container = containers.get(0);
        for (int i = 1; i <= 1_000; i++) {
            containers.add(((ObjectNode) container.deepCopy()).put("name", "c" + i));
        }

        JsonNode response = MAPPER.readTree(post("/validate/enforce", MAPPER.writeValueAsBytes(review)).body())
                .get("response");

        assertThat(response.path("allowed").asBoolean()).isFalse();
        assertThat(response.at("/status/message").asText()).endsWith(
                "- policy production: it has 1001 containers, more than the 1000 Shipshape reviews"
                        + " (shipshape.webhook.max-containers)");
    }

    /** The fixture's review with {@code count} more environment variables in its first container. */
    private static byte[] withEnv(String fixture, int count) throws Exception {
        ObjectNode review = (ObjectNode) MAPPER.readTree(AdmissionDeciderTest.fixture(fixture));
        ArrayNode env = ((ObjectNode) review.at("/request/object/spec/template/spec/containers/0")).withArray("env");
        for (int i = 0; i < count; i++) {
            env.addObject().put("name", "SETTING_" + i).put("value", "value-" + i);
        }
        return MAPPER.writeValueAsBytes(review);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, byte[] body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        assertThat(post("/validate/other", new byte[0]).statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/validate/enforce")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void reviewsAreCountedAndTimedWithBoundedLabels() throws Exception {
        review("/validate/enforce", "create-bad-deployment.json");
        review("/validate/enforce", "create-bad-deployment-dry-run.json");
        review("/validate/advisory", "create-bad-deployment.json");

        String scrape = http.send(HttpRequest.newBuilder(metrics.toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(scrape).containsPattern("shipshape_admission_reviews_total\\{[^}]*decision=\"denied\"[^}]*"
                + "kind=\"Deployment\"[^}]*operation=\"CREATE\"[^}]*webhook=\"enforce\"[^}]*} [1-9]");
        assertThat(scrape).contains("shipshape_admission_review_duration_seconds_bucket{");
        assertThat(scrape).as("which policy and check block").containsPattern(
                "shipshape_admission_findings_total\\{action=\"denied\",check=\"privileged\",policy=\"production\","
                        + "webhook=\"enforce\",?} [1-9]");
        assertThat(scrape).as("and which warn").containsPattern(
                "shipshape_admission_findings_total\\{action=\"warned\",check=\"privileged\",policy=\"staging\","
                        + "webhook=\"advisory\",?} [1-9]");
        assertThat(scrape).doesNotContain("legacy").doesNotContain("shop/");
    }
}
