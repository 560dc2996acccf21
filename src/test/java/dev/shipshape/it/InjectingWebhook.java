package dev.shipshape.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.Pem;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for a service mesh's injector: a mutating webhook on 127.0.0.1 that adds, to every Pod created in a
 * namespace labelled {@value #LABEL}=enabled, an init container that runs as root with NET_ADMIN and NET_RAW (what
 * proxy-init containers do to set up traffic redirection), ahead of the Pod's own init containers. Its configuration
 * is named so that the API server calls it after Shipshape's mutating webhook, which must then be called again.
 */
final class InjectingWebhook implements AutoCloseable {

    static final String LABEL = "mesh-injection";
    static final String CONTAINER = "mesh-init";
    static final String IMAGE = "registry.example.com/mesh/proxy-init:1.22.0";
    static final String CONFIGURATION = "zz-mesh-injector";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final String caBundlePem;

    private InjectingWebhook(HttpsServer server, String caBundlePem) {
        this.server = server;
        this.caBundlePem = caBundlePem;
    }

    static InjectingWebhook start() throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        WebhookCertificate certificate = CertificateAuthority.generate(now)
                .issue(new SubjectAlternativeNames(Set.of("mesh-injector.test"), Set.of("127.0.0.1")),
                        Duration.ofDays(1), now);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", Pem.decodePrivateKey(certificate.privateKeyPem()), new char[0],
                Pem.decodeCertificates(certificate.certificatePem()).toArray(Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/inject", InjectingWebhook::inject);
        server.start();
        return new InjectingWebhook(server, certificate.caBundlePem());
    }

    /** The configuration that makes the API server call this webhook for Pods in labelled namespaces. */
    MutatingWebhookConfiguration configuration() {
        return new MutatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(CONFIGURATION).endMetadata()
                .addNewWebhook()
                    .withName("inject.mesh.example.com")
                    .withAdmissionReviewVersions("v1")
                    .withSideEffects("None")
                    .withFailurePolicy("Fail")
                    .withReinvocationPolicy("Never")
                    .withTimeoutSeconds(10)
                    .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels(LABEL, "enabled").build())
                    .withNewClientConfig()
                        .withUrl("https://127.0.0.1:" + server.getAddress().getPort() + "/inject")
                        .withCaBundle(Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8)))
                    .endClientConfig()
                    .addNewRule()
                        .withApiGroups("").withApiVersions("v1").withResources("pods").withOperations("CREATE")
                    .endRule()
                .endWebhook()
                .build();
    }

    private static void inject(HttpExchange exchange) throws IOException {
        JsonNode review;
        try (InputStream in = exchange.getRequestBody()) {
            review = JSON.readTree(in);
        }
        JsonNode pod = review.path("request").path("object");
        ArrayNode patch = JSON.createArrayNode();
        ObjectNode container = JSON.valueToTree(Map.of("name", CONTAINER, "image", IMAGE,
                "securityContext", Map.of("runAsUser", 0, "runAsNonRoot", false,
                        "capabilities", Map.of("add", new String[] {"NET_ADMIN", "NET_RAW"}))));
        boolean injected = false;
        for (JsonNode init : pod.path("spec").path("initContainers")) {
            injected |= CONTAINER.equals(init.path("name").asText());
        }
        if (!injected) {
            if (pod.path("spec").path("initContainers").isArray()) {
                patch.addObject().put("op", "add").put("path", "/spec/initContainers/0").set("value", container);
            } else {
                patch.addObject().put("op", "add").put("path", "/spec/initContainers")
                        .set("value", JSON.createArrayNode().add(container));
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode response = answer.putObject("response");
        response.put("uid", review.path("request").path("uid").asText()).put("allowed", true);
        if (!patch.isEmpty()) {
            response.put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(patch)));
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
