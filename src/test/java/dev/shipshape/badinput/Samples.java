package dev.shipshape.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.policy.WorkloadKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The valid inputs the corpus starts from: the webhook's review fixtures and the shipped samples. */
final class Samples {

    static final Path WORKLOADS = Path.of("deploy", "samples", "workloads");
    static final Path POLICIES = Path.of("deploy", "samples", "policies");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> REVIEW_FIXTURES = List.of("create-bad-cronjob-v1beta1.json",
            "create-bad-deployment-dry-run.json", "create-bad-deployment.json", "create-bad-pod-in-kube-system.json",
            "create-configmap.json", "create-fillable-deployment.json", "create-hardened-deployment.json",
            "create-wrong-shape-deployment.json", "delete-bad-deployment.json", "update-adds-privileged-container.json",
            "update-scale-bad-deployment.json", "update-status-subresource.json");

    private Samples() {
    }

    /** The review fixtures of the webhook tests, and a CREATE review of every sample workload, by name. */
    static Map<String, String> reviews() {
        Map<String, String> reviews = new LinkedHashMap<>();
        for (String fixture : REVIEW_FIXTURES) {
            reviews.put(fixture, resource("/webhook/reviews/" + fixture));
        }
        workloads().forEach((name, yaml) -> reviews.put("create " + name, createReview(name, yaml)));
        return reviews;
    }

    /** The sample workload manifests (YAML), by file name. */
    static Map<String, String> workloads() {
        return files(WORKLOADS);
    }

    /** The sample HardeningPolicies (YAML), by file name. */
    static Map<String, String> policies() {
        return files(POLICIES);
    }

    static JsonNode yamlTree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CREATE AdmissionReview of a workload, as the API server sends it. */
    private static String createReview(String name, String yaml) {
        JsonNode object = yamlTree(yaml);
        WorkloadKind kind = WorkloadKind.of(object.path("apiVersion").asText(), object.path("kind").asText())
                .orElseThrow(() -> new IllegalStateException(name + " is not a workload"));
        String version = object.path("apiVersion").asText().replaceFirst(".*/", "");
        ObjectNode review = JSON.createObjectNode()
                .put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "00000000-0000-0000-0000-" + String.format("%012d", Math.abs(name.hashCode())));
        request.putObject("kind").put("group", kind.group()).put("version", version).put("kind", kind.kind());
        request.putObject("resource").put("group", kind.group()).put("version", version).put("resource", kind.plural());
        request.put("namespace", object.path("metadata").path("namespace").asText("default"));
        request.put("operation", "CREATE");
        request.putObject("userInfo").put("username", "alice");
        request.set("object", object);
        request.put("dryRun", false);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> files(Path folder) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                files.put(path.getFileName().toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no samples in " + folder.toAbsolutePath());
        }
        return files;
    }

    private static String resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
