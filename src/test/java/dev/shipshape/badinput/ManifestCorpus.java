package dev.shipshape.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutated manifests scanned by the CLI next to good ones: a bad file gets exit code 2 and every problem with the
 * file's path and a line in it, the good files are still scanned, and nothing crashes, hangs or blows up memory.
 */
final class ManifestCorpus {

    /** The fields the scanner reads, for targeted changes to JSON manifests. */
    static final List<String> FIELDS = List.of("/apiVersion", "/kind", "/metadata", "/metadata/name",
            "/metadata/namespace", "/metadata/labels", "/metadata/annotations", "/spec", "/spec/template",
            "/spec/template/metadata", "/spec/template/spec", "/spec/template/spec/containers",
            "/spec/template/spec/containers/0", "/spec/template/spec/containers/0/securityContext",
            "/spec/template/spec/containers/0/ports", "/spec/template/spec/volumes", "/spec/containers",
            "/spec/containers/0", "/spec/jobTemplate/spec/template/spec", "/items", "/items/0", "/items/0/spec");

    /** Files scanned before and after the bad one; each holds one workload. */
    static final String BEFORE = "inputs/a-good.yaml";
    static final String AFTER = "inputs/zz-good.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> YAML_BASES = Samples.workloads();
    private static final Map<String, String> JSON_BASES = jsonBases();

    private ManifestCorpus() {
    }

    static Arbitrary<MutatedText> yamlFiles() {
        return TextMutations.texts(YAML_BASES);
    }

    static Arbitrary<MutatedJson> jsonFiles() {
        return JsonMutations.documents(JSON_BASES, FIELDS);
    }

    /** A folder with the good files in place; the bad one is written by {@link #check}. */
    static Path workspace() {
        Path workspace = Cli.temporaryDirectory("shipshape-bad-manifests");
        Cli.write(workspace.resolve(BEFORE), YAML_BASES.get("bad-deployment.yaml").getBytes(StandardCharsets.UTF_8));
        Cli.write(workspace.resolve(AFTER), JSON_BASES.get("bad-pod.yaml").getBytes(StandardCharsets.UTF_8));
        return workspace;
    }

    /** Scans the workspace with {@code bytes} as the file {@code inputs/<name>}. */
    static Verdict check(Path workspace, String name, byte[] bytes) {
        String file = "inputs/" + name;
        try {
            Files.deleteIfExists(workspace.resolve("inputs/bad.yaml"));
            Files.deleteIfExists(workspace.resolve("inputs/bad.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli.write(workspace.resolve(file), bytes);
        Bounded.Run<Cli.Result> run = Bounded.run(() -> Cli.run(workspace, "scan", "--format", "json", "inputs"));
        return run.verdict(bytes.length, (result, violations) -> {
            violations.addAll(Cli.problemsOfErrors(result.err(), file, Cli.lines(bytes)));
            violations.addAll(problemsOfReport(result, file));
            return "exit " + result.exitCode();
        });
    }

    private static List<String> problemsOfReport(Cli.Result result, String file) {
        List<String> problems = new ArrayList<>();
        JsonNode report;
        try {
            report = JSON.readTree(result.out());
        } catch (IOException e) {
            problems.add("the report is not JSON: " + Verdict.abbreviate(result.out()));
            return problems;
        }
        for (String good : List.of(BEFORE, AFTER)) {
            long scanned = 0;
            for (JsonNode workload : report.path("workloads")) {
                if (good.equals(workload.path("file").asText())) {
                    scanned++;
                }
            }
            if (scanned != 1) {
                problems.add(good + " was not scanned next to the bad file (" + scanned + " workloads)");
            }
        }
        JsonNode errors = report.path("errors");
        for (JsonNode error : errors) {
            if (!file.equals(error.path("file").asText())) {
                problems.add("an error about another file: " + error);
            }
            if (error.path("message").asText("").isBlank()) {
                problems.add("an error without a message: " + error);
            }
        }
        int expected = errors.isEmpty() ? 1 : 2;
        if (result.exitCode() != expected) {
            problems.add("exit code " + result.exitCode() + " with " + errors.size() + " errors; expected " + expected);
        }
        return problems;
    }

    /** The sample workloads as JSON, and a List holding two of them. */
    private static Map<String, String> jsonBases() {
        Map<String, String> bases = new LinkedHashMap<>();
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        YAML_BASES.forEach((name, yaml) -> trees.put(name, Samples.yamlTree(yaml)));
        trees.forEach((name, tree) -> bases.put(name, pretty(tree)));
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        items.add(trees.get("bad-deployment.yaml"));
        items.add(trees.get("hardened-pod.yaml"));
        bases.put("list of two", pretty(list));
        return bases;
    }

    private static String pretty(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
