package dev.shipshape.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import dev.shipshape.webhook.TrustAll;
import dev.shipshape.webhook.WebhookKind;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged operator, with the JVM options it ships with, under a barrage of the largest reviews its limits let
 * through and of reviews past them, sent by eight clients at once: every review gets its answer, the operator stays
 * up, and its peak resident memory stays under the memory limit it ships with.
 */
class HostileReviewsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NAMESPACE = "hostile";
    private static final Path SHIPPED_DEPLOYMENT = Path.of("deploy", "install", "deployment.yaml");
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 3;

    /** One review to send and the answer it must get. */
    private record Case(String name, String path, byte[] body, int status, String answer) {
    }

    @Test
    void theLargestAndTheOversizedReviewsAreAnsweredWithinTheShippedMemory() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-hostile");
        OperatorProcess operator = null;
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("admin.kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml");
            ClusterObjects.namespace(admin, OperatorProcess.NAMESPACE);
            ClusterObjects.namespace(admin, NAMESPACE);
            HardeningPolicy enforce = ClusterObjects.policy("enforce", Mode.Enforce, NAMESPACE);
            RemediationSettings mutate = new RemediationSettings();
            mutate.setAdmission(AdmissionRemediation.Mutate);
            enforce.getSpec().setRemediation(mutate);
            admin.resource(enforce).create();
            admin.resource(ClusterObjects.policy("advise", Mode.Warn, NAMESPACE)).create();

            int port = OperatorProcess.freePort();
            operator = OperatorProcess.start(kubeconfig, port, port, shippedJvmOptions(work), Map.of(), Map.of(),
                    work.resolve("operator.log"));
            HttpClient http = HttpClient.newBuilder().sslContext(TrustAll.context())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            OperatorProcess running = operator;
            await("the operator serving both policies").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        assertThat(running.isAlive()).as("the operator runs; see %s", running.log()).isTrue();
                        JsonNode answer = MAPPER.readTree(post(http, port, "/validate/enforce", smallPod()).body());
                        return !answer.at("/response/allowed").asBoolean(true);
                    });
            // the hostile load measures the operator at work, not its start: wait until the leader has also
            // registered every webhook, the last of its start-up work
            await("the webhook configurations").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.admissionRegistration().v1().mutatingWebhookConfigurations()
                            .withName(WebhookKind.MUTATE.configurationName()).get() != null);

            List<Case> cases = cases();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<String>> results = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int first = client;
                results.add(clients.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int i = 0; i < cases.size(); i++) {
                            Case sent = cases.get((first + i) % cases.size());
                            HttpResponse<String> response = post(http, port, sent.path(), sent.body());
                            assertThat(response.statusCode()).as(sent.name()).isEqualTo(sent.status());
                            assertThat(response.body()).as(sent.name()).contains(sent.answer());
                        }
                    }
                    return "done";
                }));
            }
            clients.shutdown();
            for (Future<String> result : results) {
                assertThat(result.get(10, TimeUnit.MINUTES)).isEqualTo("done");
            }

            assertThat(operator.isAlive()).as("the operator is still up; see %s", operator.log()).isTrue();
            assertThat(Files.readString(operator.log())).doesNotContain("OutOfMemoryError");
            long peakRss = peakResidentKib(operator.pid());
            System.out.printf("peak RSS of the operator after %d hostile reviews: %d MiB%n",
                    CLIENTS * ROUNDS * cases.size(), peakRss / 1024);
            assertThat(peakRss).as("peak RSS in KiB").isLessThan(shippedMemoryLimitKib());
            JsonNode answer = MAPPER.readTree(post(http, port, "/validate/enforce", smallPod()).body());
            assertThat(answer.at("/response/status/message").asText()).startsWith("Shipshape denied Pod hostile/small");
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    private static List<Case> cases() throws Exception {
        byte[] nearTokenLimit = pod("env-list", List.of(container("app", 99_000)), "CREATE");
        return List.of(
                new Case("just under the token limit", "/validate/enforce", nearTokenLimit, 200,
                        "Shipshape denied Pod hostile/env-list"),
                new Case("just under the token limit, mutated", "/mutate", nearTokenLimit, 200, "\"patch\":"),
                new Case("just under the token limit, advised", "/validate/advisory", nearTokenLimit, 200,
                        "\"warnings\":"),
                new Case("1000 containers, old and new", "/validate/enforce", pod("crowded",
                        Collections.nCopies(1_000, container("app", 0)), "UPDATE"), 200,
                        "pre-existing, not denied on update"),
                new Case("20,000 containers", "/validate/enforce", pod("crowd",
                        Collections.nCopies(20_000, container("app", 0)), "CREATE"), 200,
                        "it has 20000 containers, more than the 1000 Shipshape reviews"),
                new Case("3 MiB of empty objects", "/validate/enforce", emptyObjects(), 400,
                        "too many JSON names, values and brackets"));
    }

    /** A privileged container with {@code variables} environment variables of four tokens each. */
    private static ObjectNode container(String name, int variables) {
        ObjectNode container = MAPPER.createObjectNode().put("name", name).put("image", "registry.example.com/app");
        container.putObject("securityContext").put("privileged", true);
        ArrayNode env = container.putArray("env");
        for (int i = 0; i < variables; i++) {
            env.addObject().put("name", "V");
        }
        return container;
    }

    private static byte[] pod(String name, List<ObjectNode> containers, String operation) throws Exception {
        ObjectNode pod = MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        ArrayNode list = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < containers.size(); i++) {
            list.add(containers.get(i).deepCopy().put("name", "c" + i));
        }
        ObjectNode review = MAPPER.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", name + "-" + operation)
                .put("namespace", NAMESPACE).put("operation", operation);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.set("object", pod);
        if (operation.equals("UPDATE")) {
            request.set("oldObject", pod);
        }
        return MAPPER.writeValueAsBytes(review);
    }

    private static byte[] smallPod() throws Exception {
        return pod("small", List.of(container("app", 1)), "CREATE");
    }

    /** A review whose object is a Pod with 3 MiB of empty volume objects: two tokens in every three bytes. */
    private static byte[] emptyObjects() {
        String volumes = String.join(",", Collections.nCopies(1_040_000, "{}"));
        return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\","
                + "\"version\":\"v1\",\"resource\":\"pods\"},\"namespace\":\"" + NAMESPACE + "\",\"operation\":"
                + "\"CREATE\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"empty\"},"
                + "\"spec\":{\"volumes\":[" + volumes + "],\"containers\":[]}}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Deployment shippedDeployment() throws Exception {
        try (InputStream yaml = Files.newInputStream(SHIPPED_DEPLOYMENT)) {
            return Serialization.unmarshal(yaml, Deployment.class);
        }
    }

    /** The JVM options of deploy/install, with its /tmp moved to {@code work}. */
    private static List<String> shippedJvmOptions(Path work) throws Exception {
        String options = shippedDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow()
                .getValue();
        List<String> list = new ArrayList<>();
        for (String option : options.trim().split("\\s+")) {
            list.add(option.replace("/tmp", work.toString()));
        }
        assertThat(list).contains("-Xmx112m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
        return list;
    }

    private static long shippedMemoryLimitKib() throws Exception {
        String limit = shippedDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory").toString();
        assertThat(limit).endsWith("Mi");
        return Long.parseLong(limit.substring(0, limit.length() - 2)) * 1024;
    }

    /** VmHWM: the most memory the process has had resident. */
    private static long peakResidentKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmHWM in /proc/" + pid + "/status");
    }
}
