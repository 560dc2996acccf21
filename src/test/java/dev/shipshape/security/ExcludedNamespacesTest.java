package dev.shipshape.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.webhook.AdmissionMetrics;
import dev.shipshape.webhook.WebhookKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission server itself skips the operator's own namespace, kube-system and the configured extra namespaces,
 * whatever the policies match, so neither the operator nor the control plane can be locked out by a policy. The
 * namespace that counts is the request's, which the API server sets, not the one the object claims.
 */
class ExcludedNamespacesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CompiledPolicy EVERYWHERE = CompiledPolicy.forProfile(Profile.HARDENED);
    private static RunningAdmissionServer server;

    @BeforeAll
    static void start() throws Exception {
        CompiledPolicy enforceEverywhere = TestPolicies.withActions(EVERYWHERE, Mode.Enforce, AdmissionRemediation.Mutate);
        server = new RunningAdmissionServer(Map.of(
                "shipshape.namespace", "shipshape-ops",
                "shipshape.webhook.excluded-namespaces", "monitoring"),
                Map.of(WebhookKind.ENFORCE, List.of(enforceEverywhere),
                        WebhookKind.MUTATE, List.of(enforceEverywhere)),
                new AdmissionMetrics(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shipshape-ops", "kube-system", "monitoring"})
    void reviewsInExcludedNamespacesAreAllowedUntouched(String namespace) throws Exception {
        JsonNode enforced = answer(WebhookKind.ENFORCE, namespace, namespace);
        JsonNode mutated = answer(WebhookKind.MUTATE, namespace, namespace);

        assertThat(enforced.path("allowed").asBoolean()).isTrue();
        assertThat(enforced.has("warnings")).isFalse();
        assertThat(mutated.path("allowed").asBoolean()).isTrue();
        assertThat(mutated.has("patch")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "shipshape-system"})
    void reviewsElsewhereAreDecided(String namespace) throws Exception {
        assertThat(answer(WebhookKind.ENFORCE, namespace, namespace).path("allowed").asBoolean()).isFalse();
        assertThat(answer(WebhookKind.MUTATE, namespace, namespace).has("patch")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"shipshape-ops", "kube-system", "monitoring"})
    void objectClaimingAnExcludedNamespaceIsDecidedByTheRequestsNamespace(String claimed) throws Exception {
        assertThat(answer(WebhookKind.ENFORCE, "shop", claimed).path("allowed").asBoolean()).isFalse();
    }

    /** The answer to a CREATE of a privileged Deployment in {@code namespace} whose metadata claims {@code claimed}. */
    private static JsonNode answer(WebhookKind webhook, String namespace, String claimed) throws Exception {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "uid-1").put("namespace", namespace)
                .put("operation", "CREATE");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments");
        ObjectNode deployment = request.putObject("object").put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "web").put("namespace", claimed);
        ObjectNode template = deployment.putObject("spec").putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "web");
        template.putObject("spec").putArray("containers").addObject().put("name", "web").put("image", "nginx:1.27")
                .putObject("securityContext").put("privileged", true);
        var response = server.post(webhook, JSON.writeValueAsString(review));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("response");
    }
}
