package dev.shipshape.policy.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.Exemptions;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.JsonPatches;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Remediator;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadMatch;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import dev.shipshape.policy.Segmentation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Test support for checks: builds workloads from manifest text and verifies the fixtures under
 * {@code src/test/resources/checks/<check-id>/}:
 * <ul>
 *   <li>{@code pass-*.yaml}: no document has a finding of the check;</li>
 *   <li>{@code fail-*.yaml}: the findings of all documents are exactly the paths listed in its
 *       {@code # expect: <path>} comment lines;</li>
 *   <li>{@code fixed-<name>.yaml}: what remediating {@code fail-<name>.yaml} must give, and it passes.
 *       Remediable checks have at least one; other checks have none.</li>
 * </ul>
 */
public final class CheckFixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EXPECT = "# expect:";

    private CheckFixtures() {
    }

    /** The workload of a single-document manifest. */
    public static Workload workload(String yaml) {
        return workload(tree(yaml));
    }

    public static Workload workload(JsonNode manifest) {
        try {
            return Workloads.fromTree(manifest)
                    .orElseThrow(() -> new AssertionError("not a workload kind: " + manifest.path("kind")));
        } catch (InvalidWorkloadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The workload of a bare Pod whose spec is {@code podSpec}. */
    public static Workload pod(String podSpec) {
        return workload(Manifests.pod(podSpec));
    }

    /** The workload of a bare Pod with one plain container and {@code podFields}, spec lines ending in a newline. */
    public static Workload podWithFields(String podFields) {
        return pod(podFields + "containers: [{name: app, image: a:1}]\n");
    }

    /** A single-document manifest as a JSON tree. */
    public static ObjectNode tree(String yaml) {
        List<ObjectNode> documents = documents(yaml);
        assertThat(documents).as("documents in manifest").hasSize(1);
        return documents.get(0);
    }

    public static List<ObjectNode> documents(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                documents.add(normalize(MAPPER.valueToTree(document)));
            }
        }
        return documents;
    }

    /**
     * The workloads of a fixture file, each within the NetworkPolicies the file holds for its namespace (unknown
     * where it holds none, as a scan decides).
     */
    static List<Workload> workloads(String yaml) {
        Map<String, List<NetworkPolicy>> networkPolicies = new HashMap<>();
        List<ObjectNode> workloads = new ArrayList<>();
        for (ObjectNode document : documents(yaml)) {
            if ("NetworkPolicy".equals(document.path("kind").asText())) {
                NetworkPolicy policy = MAPPER.convertValue(document, NetworkPolicy.class);
                networkPolicies.computeIfAbsent(policy.getMetadata().getNamespace(), any -> new ArrayList<>())
                        .add(policy);
            } else {
                workloads.add(document);
            }
        }
        return workloads.stream().map(CheckFixtures::workload).map(workload -> {
            List<NetworkPolicy> inNamespace = networkPolicies.get(workload.namespace());
            return inNamespace == null ? workload : workload.within(Segmentation.of(inNamespace));
        }).toList();
    }

    /** A policy that runs only {@code check}, at its default severity. */
    public static CompiledPolicy only(Check check) {
        return new CompiledPolicy("test", 0, Profile.HARDENED, PolicyActions.defaults(),
                List.of(new ActiveCheck(check, check.descriptor().severity())), WorkloadMatch.ALL, Exemptions.NONE,
                false);
    }

    public static List<Finding> findings(Check check, Workload workload) {
        return PolicyEvaluator.findings(only(check), workload);
    }

    public static List<String> paths(Check check, Workload workload) {
        return findings(check, workload).stream().map(finding -> finding.path().toString()).toList();
    }

    public static List<String> messages(Check check, Workload workload) {
        return findings(check, workload).stream().map(Finding::message).toList();
    }

    /** {@code manifest} after remediating every finding of {@code check}; asserts the patch only adds. */
    public static ObjectNode remediated(Check check, ObjectNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        Workload workload = workload(copy);
        CompiledPolicy policy = only(check);
        EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, Map.of(), Instant.now());
        List<JsonPatchOperation> operations = Remediator.remediate(policy, workload, result);
        assertThat(operations).as("remediation patch of %s", check.descriptor().id())
                .allSatisfy(operation -> assertThat(operation.op()).isEqualTo("add"));
        JsonPatches.apply(copy, operations);
        return normalize(copy);
    }

    public static void assertFixtures(Check check) {
        String id = check.descriptor().id();
        Path directory = fixtureDirectory(id);
        List<Path> files = list(directory);
        List<Path> pass = files.stream().filter(file -> name(file).startsWith("pass-")).toList();
        List<Path> fail = files.stream().filter(file -> name(file).startsWith("fail-")).toList();
        List<Path> fixed = files.stream().filter(file -> name(file).startsWith("fixed-")).toList();
        assertThat(pass).as("pass fixtures of %s", id).isNotEmpty();
        assertThat(fail).as("fail fixtures of %s", id).isNotEmpty();
        assertThat(files).as("fixture names of %s", id)
                .allSatisfy(file -> assertThat(name(file)).matches("(pass|fail|fixed)-[a-z0-9-]+\\.yaml"));

        for (Path file : pass) {
            for (Workload workload : workloads(read(file))) {
                assertThat(paths(check, workload)).as("findings of %s in %s", id, name(file)).isEmpty();
            }
        }
        for (Path file : fail) {
            String text = read(file);
            List<String> expected = text.lines().filter(line -> line.startsWith(EXPECT))
                    .map(line -> line.substring(EXPECT.length()).trim()).sorted().toList();
            assertThat(expected).as("'# expect:' lines in %s", name(file)).isNotEmpty();
            List<String> actual = new ArrayList<>();
            for (Workload workload : workloads(text)) {
                actual.addAll(paths(check, workload));
            }
            assertThat(actual.stream().sorted().toList()).as("findings of %s in %s", id, name(file))
                    .isEqualTo(expected);
        }
        if (check.descriptor().remediable()) {
            assertThat(fixed).as("fixed fixtures of remediable check %s", id).isNotEmpty();
        } else {
            assertThat(fixed).as("fixed fixtures of %s, which has no remediation", id).isEmpty();
        }
        for (Path file : fixed) {
            Path original = directory.resolve(name(file).replaceFirst("^fixed-", "fail-"));
            assertThat(original).as("fail fixture for %s", name(file)).exists();
            List<ObjectNode> before = documents(read(original));
            List<ObjectNode> after = documents(read(file));
            assertThat(after).as("documents in %s", name(file)).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                ObjectNode remediated = remediated(check, before.get(i));
                assertThat(remediated).as("remediation of document %d of %s", i, name(original))
                        .isEqualTo(after.get(i));
                assertThat(paths(check, workload(remediated))).as("findings after remediation of %s", name(original))
                        .isEmpty();
                assertThat(remediated(check, remediated)).as("second remediation of %s", name(original))
                        .isEqualTo(remediated);
            }
        }
    }

    private static ObjectNode normalize(JsonNode node) {
        try {
            return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path fixtureDirectory(String id) {
        URL url = CheckFixtures.class.getClassLoader().getResource("checks/" + id);
        assertThat(url).as("fixture directory src/test/resources/checks/%s", id).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
