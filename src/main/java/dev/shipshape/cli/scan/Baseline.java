package dev.shipshape.cli.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.WorkloadRef;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The findings a team has accepted for now, so that CI fails only on new ones. A finding is known by its
 * fingerprint: its workload (kind, namespace, name), container and check; never its file or line, so moving a
 * manifest or editing around it changes nothing. All findings of one check in one container share a fingerprint.
 * <pre>
 * {"schemaVersion": 1, "findings": [{"fingerprint", "workload", "container", "checkId"}]}
 * </pre>
 * {@code workload}, {@code container} and {@code checkId} are for people reading the file; only the fingerprint
 * is compared.
 */
public final class Baseline {

    static final int SCHEMA_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    public static final Baseline EMPTY = new Baseline(Set.of());

    /** The fingerprint of a finding: its workload, container (none for pod-level findings) and check. */
    public static String fingerprint(WorkloadRef workload, String container, String checkId) {
        return KubernetesNames.shortHash(32, "finding/v1", workload.kind(), String.valueOf(workload.namespace()),
                workload.name(), container == null ? "" : container, checkId);
    }

    public static String fingerprint(Finding finding) {
        return fingerprint(finding.workload(), finding.container(), finding.checkId());
    }

    public boolean contains(Finding finding) {
        return !fingerprints.isEmpty() && fingerprints.contains(fingerprint(finding));
    }

    public int size() {
        return fingerprints.size();
    }

    /** Reads a baseline file written by {@code --write-baseline}. */
    public static Baseline read(Path file, String name) throws InputException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InputException(InputProblem.ofFile(name, "no such baseline file; write one with "
                    + "--write-baseline " + name));
        } catch (IOException e) {
            throw new InputException(InputProblem.ofFile(name, "not a baseline: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject() || root.path("schemaVersion").asInt() != SCHEMA_VERSION
                || !root.path("findings").isArray()) {
            throw new InputException(InputProblem.ofFile(name, "not a baseline: expected {\"schemaVersion\": "
                    + SCHEMA_VERSION + ", \"findings\": [...]}, as --write-baseline writes it"));
        }
        Set<String> fingerprints = new HashSet<>();
        int index = 0;
        for (JsonNode finding : root.get("findings")) {
            JsonNode fingerprint = finding.path("fingerprint");
            if (!fingerprint.isTextual()) {
                throw new InputException(InputProblem.ofFile(name, "findings[" + index + "].fingerprint: "
                        + "expected a string"));
            }
            fingerprints.add(fingerprint.asText());
            index++;
        }
        return new Baseline(fingerprints);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    /** Collects the findings of a scan and writes them as a baseline, sorted so that it diffs well. */
    public static final class Recorder {

        private record Entry(String workload, String container, String checkId) {
        }

        private final TreeMap<String, Entry> entries = new TreeMap<>();

        public void add(Finding finding) {
            entries.putIfAbsent(fingerprint(finding), new Entry(finding.workload().display(), finding.container(),
                    finding.checkId()));
        }

        public int size() {
            return entries.size();
        }

        public void write(Writer out) throws IOException {
            List<Map.Entry<String, Entry>> sorted = entries.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Entry> entry) -> entry.getValue()
                                    .workload())
                            .thenComparing(entry -> String.valueOf(entry.getValue().container()))
                            .thenComparing(entry -> entry.getValue().checkId()))
                    .toList();
            try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
                json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeNumberField("schemaVersion", SCHEMA_VERSION);
                json.writeArrayFieldStart("findings");
                for (Map.Entry<String, Entry> entry : sorted) {
                    json.writeStartObject();
                    json.writeStringField("fingerprint", entry.getKey());
                    json.writeStringField("workload", entry.getValue().workload());
                    json.writeStringField("container", entry.getValue().container());
                    json.writeStringField("checkId", entry.getValue().checkId());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            out.write("\n");
        }
    }
}
