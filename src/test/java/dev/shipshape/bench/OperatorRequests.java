package dev.shipshape.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The requests the operator makes of the API server, read from the API server's audit log: every completed
 * request whose user agent is the operator's Kubernetes client (the benchmark's own client, the controllers and
 * the API server itself announce other agents).
 */
final class OperatorRequests {

    private static final String OPERATOR_AGENT = "fabric8-kubernetes-client/";
    private static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
            """;

    private final Path log;
    private final Path policy;

    private OperatorRequests(Path log, Path policy) {
        this.log = log;
        this.policy = policy;
    }

    static OperatorRequests auditedIn(Path directory) throws IOException {
        Path policy = directory.resolve("audit-policy.yaml");
        Files.writeString(policy, POLICY);
        return new OperatorRequests(directory.resolve("audit.log"), policy);
    }

    /** The kube-apiserver flags that write the audit log this reads. */
    Map<String, String> apiServerFlags() {
        return Map.of("--audit-policy-file", policy.toString(), "--audit-log-path", log.toString(),
                "--audit-log-format", "json", "--audit-log-maxsize", "0");
    }

    /** The operator's requests received in [from, to]. */
    Count count(Instant from, Instant to) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> byVerbAndResource = new TreeMap<>();
        try (BufferedReader lines = Files.newBufferedReader(log)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = json.readTree(line);
                if (!"ResponseComplete".equals(event.path("stage").asText())
                        || !event.path("userAgent").asText().startsWith(OPERATOR_AGENT)) {
                    continue;
                }
                Instant received = Instant.parse(event.path("requestReceivedTimestamp").asText());
                if (received.isBefore(from) || received.isAfter(to)) {
                    continue;
                }
                JsonNode object = event.path("objectRef");
                String resource = object.path("resource").asText(event.path("requestURI").asText());
                if (!object.path("subresource").asText().isEmpty()) {
                    resource += "/" + object.path("subresource").asText();
                }
                byVerbAndResource.merge(event.path("verb").asText() + " " + resource, 1, Integer::sum);
            }
        }
        return new Count(byVerbAndResource);
    }

    record Count(Map<String, Integer> requests) {

        int total() {
            return requests.values().stream().mapToInt(Integer::intValue).sum();
        }

        String byVerbAndResource() {
            return requests.isEmpty() ? "none" : requests.entrySet().stream()
                    .map(entry -> entry.getValue() + " " + entry.getKey()).collect(Collectors.joining(", "));
        }
    }
}
