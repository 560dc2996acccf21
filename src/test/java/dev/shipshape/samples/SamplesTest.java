package dev.shipshape.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cli.ShipshapeCli;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadRef;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The samples under {@code deploy/samples} do what its README says: every policy loads in the CLI and the
 * operator, every {@code hardened-*} workload is clean, and every cell of the README's decision table is what
 * the engine (and {@code shipshape scan}) decides.
 */
public class SamplesTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path SAMPLES = Path.of("deploy", "samples");
    private static final Path POLICIES = SAMPLES.resolve("policies");
    private static final Path WORKLOADS = SAMPLES.resolve("workloads");
    private static final Path README = SAMPLES.resolve("README.md");

    private static final List<String> PROFILES = List.of("baseline", "restricted", "hardened");
    private static final List<String> MODES = List.of("audit", "warn", "enforce");
    /** Sample file suffix to the kind and apiVersion of its object. */
    private static final Map<String, List<String>> KINDS = Map.of(
            "deployment", List.of("Deployment", "apps/v1"),
            "statefulset", List.of("StatefulSet", "apps/v1"),
            "daemonset", List.of("DaemonSet", "apps/v1"),
            "job", List.of("Job", "batch/v1"),
            "cronjob", List.of("CronJob", "batch/v1"),
            "pod", List.of("Pod", "v1"));
    /** The namespace {@code shipshape scan} gives objects that set none. */
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DENIED = Pattern.compile("denied: (`[a-z0-9-]+`(, `[a-z0-9-]+`)*)");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    private static final Map<String, JsonNode> CLI_REPORTS = new ConcurrentHashMap<>();

    /** One cell of the README's decision table: the checks that deny, empty when the workload is admitted. */
    public record Decision(String workload, String policy, Set<String> denyingChecks) {
        @Override
        public String toString() {
            return workload + " under " + policy + ": "
                    + (denyingChecks.isEmpty() ? "admitted" : "denied by " + denyingChecks);
        }
    }

    static Stream<String> policies() {
        return PROFILES.stream().flatMap(profile -> MODES.stream().map(mode -> profile + "-" + mode));
    }

    static Stream<String> hardenedWorkloads() {
        return KINDS.keySet().stream().sorted().map(kind -> "hardened-" + kind + ".yaml");
    }

    public static List<Decision> readmeDecisions() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int header = 0;
        while (header < lines.size() && !lines.get(header).startsWith("| Workload |")) {
            header++;
        }
        assertThat(header).as("a table starting with \"| Workload |\" in %s", README).isLessThan(lines.size());
        List<String> columns = cells(lines.get(header));
        List<Decision> decisions = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            assertThat(cells).as("cells of %s line %d", README, i + 1).hasSameSizeAs(columns);
            String workload = unquote(cells.get(0));
            for (int column = 1; column < columns.size(); column++) {
                decisions.add(new Decision(workload, unquote(columns.get(column)), decision(cells.get(column))));
            }
        }
        return decisions;
    }

    @Test
    void policyFolderHoldsOnePolicyPerProfileAndMode() throws IOException {
        assertThat(fileNames(POLICIES)).containsExactlyInAnyOrderElementsOf(
                policies().map(name -> name + ".yaml").toList());
    }

    @Test
    void workloadFolderHoldsABadAndAHardenedSampleOfEachKind() throws IOException {
        assertThat(fileNames(WORKLOADS)).containsExactlyInAnyOrderElementsOf(KINDS.keySet().stream()
                .flatMap(kind -> Stream.of("bad-" + kind + ".yaml", "hardened-" + kind + ".yaml"))
                .toList());
        for (Map.Entry<String, List<String>> kind : KINDS.entrySet()) {
            for (String prefix : List.of("bad-", "hardened-")) {
                JsonNode manifest = document(WORKLOADS.resolve(prefix + kind.getKey() + ".yaml"));
                assertThat(List.of(manifest.path("kind").asText(), manifest.path("apiVersion").asText()))
                        .as("kind and apiVersion of %s%s.yaml", prefix, kind.getKey())
                        .isEqualTo(kind.getValue());
            }
        }
    }

    @Test
    void readmeDecisionTableCoversEveryWorkloadUnderEveryEnforcingPolicy() throws IOException {
        List<Decision> decisions = readmeDecisions();

        assertThat(decisions.stream().map(Decision::workload).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(fileNames(WORKLOADS));
        assertThat(decisions.stream().map(Decision::policy).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("hardened-enforce", "restricted-enforce", "baseline-enforce");
        assertThat(decisions.stream().map(d -> d.workload() + " " + d.policy())).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void policyLoadsInTheCliAndTheOperator(String name) throws IOException, InvalidPolicyException {
        Path file = POLICIES.resolve(name + ".yaml");
        String text = Files.readString(file);
        List<String> lines = text.lines().toList();
        int comment = 0;
        while (comment < lines.size() && lines.get(comment).startsWith("#")) {
            comment++;
        }
        assertThat(comment).as("lines of the comment that opens %s", file).isBetween(2, 4);

        CompiledPolicy compiled = policy(name);
        HardeningPolicySpec spec = spec(name);
        assertThat(compiled.name()).isEqualTo(name);
        assertThat(name).isEqualTo(spec.getProfile() + "-" + spec.getMode().name().toLowerCase());
        assertThat(spec.getMatch().getNamespaces()).containsExactly("*");
        assertThat(spec.getMatch().getExcludedNamespaces()).contains("kube-system");
        if (spec.getMode() == Mode.Enforce) {
            assertThat(document(file).path("spec").has("denySeverity"))
                    .as("%s sets denySeverity", file).isTrue();
        }

        HardeningPolicy asOperatorReadsIt = SERIALIZATION.unmarshal(text, HardeningPolicy.class);
        assertThat(asOperatorReadsIt.getMetadata().getName()).isEqualTo(name);
        CompiledPolicy inTheOperator = PolicyCompiler.compile(name, asOperatorReadsIt.getSpec());
        assertThat(inTheOperator.denySeverity()).isEqualTo(compiled.denySeverity());
        assertThat(activeChecks(inTheOperator)).isEqualTo(activeChecks(compiled));

        JsonNode report = cliReport(name);
        assertThat(report.path("policy").path("name").asText()).isEqualTo(name);
        assertThat(report.path("policy").path("failOn").asText()).isEqualTo(compiled.denySeverity().id());
    }

    @ParameterizedTest
    @MethodSource("hardenedWorkloads")
    void hardenedWorkloadHasNoFindingUnderHardenedAudit(String file) throws IOException {
        CompiledPolicy policy = policy("hardened-audit");
        Workload workload = workload(file);

        EvaluationResult result = evaluate(policy, workload);

        assertThat(result.applicable()).as("hardened-audit applies to %s", file).isTrue();
        assertThat(PolicyEvaluator.findings(policy, workload)).extracting(Finding::message).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmeDecisions")
    void enforcingPolicyDecidesAsTheReadmeSays(Decision expected) throws IOException {
        assertThat(spec(expected.policy()).getMode()).as("mode of %s", expected.policy()).isEqualTo(Mode.Enforce);
        CompiledPolicy policy = policy(expected.policy());

        EvaluationResult result = evaluate(policy, workload(expected.workload()));

        assertThat(result.applicable()).as("%s applies to %s", expected.policy(), expected.workload()).isTrue();
        Set<String> denying = result.atLeast(policy.denySeverity()).stream().map(Finding::checkId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(denying)
                .as("checks of %s that deny %s", expected.policy(), expected.workload())
                .isEqualTo(expected.denyingChecks());
        assertThat(cliDenyingChecks(expected.policy(), expected.workload()))
                .as("checks at or above failOn in `shipshape scan --policy %s` of %s", expected.policy(),
                        expected.workload())
                .isEqualTo(expected.denyingChecks());
    }

    /** Reads and compiles a policy file as {@code shipshape scan --policy} does. */
    private static CompiledPolicy policy(String name) throws IOException {
        try {
            return PolicyCompiler.compile(name, spec(name));
        } catch (InvalidPolicyException e) {
            return fail("%s.yaml does not compile: %s", name, e.problems());
        }
    }

    private static HardeningPolicySpec spec(String name) throws IOException {
        Path file = POLICIES.resolve(name + ".yaml");
        JsonNode manifest = document(file);
        assertThat(manifest.path("apiVersion").asText()).isEqualTo("shipshape.dev/v1alpha1");
        assertThat(manifest.path("kind").asText()).isEqualTo("HardeningPolicy");
        assertThat(manifest.path("metadata").path("name").asText()).as("metadata.name of %s", file).isEqualTo(name);
        JsonNode spec = manifest.get("spec");
        assertThat(spec).as("spec of %s", file).isNotNull();
        return STRICT.treeToValue(spec, HardeningPolicySpec.class);
    }

    /** The workload of a sample file, in {@code default} when it sets no namespace, as {@code shipshape scan} has it. */
    private static Workload workload(String file) throws IOException {
        JsonNode manifest = document(WORKLOADS.resolve(file));
        Workload workload;
        try {
            workload = Workloads.fromTree(manifest).orElseThrow(() -> new AssertionError(file + " is no workload"));
        } catch (InvalidWorkloadException e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
        if (workload.namespace() != null && !workload.namespace().isEmpty()) {
            return workload;
        }
        WorkloadRef ref = workload.ref();
        return new Workload(new WorkloadRef(ref.apiVersion(), ref.kind(), DEFAULT_NAMESPACE, ref.name()),
                workload.labels(), workload.annotations(), workload.podMetadata(), workload.podSpec(),
                workload.podMetadataPath(), workload.podSpecPath(), workload.isBatch());
    }

    private static EvaluationResult evaluate(CompiledPolicy policy, Workload workload) {
        return PolicyEvaluator.evaluate(policy, workload, Map.of(NAMESPACE_NAME_LABEL, workload.namespace()),
                Instant.now());
    }

    /** The single YAML document of a sample file as a JSON tree. */
    private static JsonNode document(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file)).forEach(document -> {
            if (document != null) {
                documents.add(document);
            }
        });
        assertThat(documents).as("documents in %s", file).hasSize(1);
        return JSON.valueToTree(documents.get(0));
    }

    /** The checks of {@code shipshape scan --policy <policy> --format json} at or above its failOn for a sample. */
    private static Set<String> cliDenyingChecks(String policy, String file) {
        JsonNode report = cliReport(policy);
        Severity failOn = Severity.find(report.path("policy").path("failOn").asText()).orElseThrow();
        for (JsonNode workload : report.path("workloads")) {
            if (Path.of(workload.path("file").asText()).getFileName().toString().equals(file)) {
                assertThat(workload.path("matched").asBoolean()).as("%s matches %s", policy, file).isTrue();
                Set<String> checks = new TreeSet<>();
                for (JsonNode finding : workload.path("findings")) {
                    if (Severity.find(finding.path("severity").asText()).orElseThrow().atLeast(failOn)) {
                        checks.add(finding.path("checkId").asText());
                    }
                }
                return checks;
            }
        }
        return fail("no result for %s in the scan with %s", file, policy);
    }

    private static JsonNode cliReport(String policy) {
        return CLI_REPORTS.computeIfAbsent(policy, name -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), PROJECT, false,
                    Clock.systemUTC());
            int exitCode = ShipshapeCli.execute(context, new PrintWriter(out), new PrintWriter(err), "scan",
                    "--policy", POLICIES.resolve(name + ".yaml").toString(), "--format", "json", WORKLOADS.toString());
            assertThat(err.toString().lines()).as("errors of shipshape scan --policy %s", name)
                    .allMatch(line -> line.startsWith("note: "));
            assertThat(exitCode).as("exit code of shipshape scan --policy %s", name).isIn(0, 1);
            try {
                return JSON.readTree(out.toString());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The active checks of a policy with their severities, e.g. {@code resource-limits=HIGH}. */
    private static List<String> activeChecks(CompiledPolicy policy) {
        return policy.checks().stream()
                .map(active -> active.check().descriptor().id() + "=" + active.severity())
                .toList();
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).toList();
        }
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Stream.of(inner.split("\\|", -1)).map(String::strip).toList();
    }

    private static String unquote(String cell) {
        Matcher matcher = QUOTED.matcher(cell);
        assertThat(matcher.matches()).as("`name` expected in README table cell \"%s\"", cell).isTrue();
        return matcher.group(1);
    }

    /** "admitted", or "denied: `check`, `check`" with the checks in any order, each once. */
    private static Set<String> decision(String cell) {
        if (cell.equals("admitted")) {
            return Set.of();
        }
        Matcher denied = DENIED.matcher(cell);
        assertThat(denied.matches()).as("\"admitted\" or \"denied: `check`, ...\" expected in README table cell \"%s\"",
                cell).isTrue();
        List<String> checks = QUOTED.matcher(denied.group(1)).results().map(match -> match.group(1)).toList();
        assertThat(checks).as("checks in README table cell \"%s\"", cell).doesNotHaveDuplicates();
        return new TreeSet<>(checks);
    }
}
