package dev.shipshape.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.CliRunner;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SarifReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "scan", "malformed", "policies");
    }

    private JsonNode sarif(String... paths) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", "--format", "sarif"));
        args.addAll(List.of(paths));
        return JSON.readTree(CliRunner.run(workDir, args.toArray(String[]::new)).out());
    }

    private static JsonNode result(JsonNode run, String ruleId, String uri) {
        for (JsonNode result : run.get("results")) {
            JsonNode location = result.get("locations").get(0).get("physicalLocation");
            if (result.get("ruleId").asText().equals(ruleId)
                    && location.get("artifactLocation").get("uri").asText().equals(uri)) {
                return result;
            }
        }
        throw new AssertionError("no " + ruleId + " result in " + uri);
    }

    private static int startLine(JsonNode result) {
        return result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt();
    }

    @Test
    void hasTheSarifTwoOneZeroEnvelopeAndTheToolDriver() throws IOException {
        JsonNode sarif = sarif("scan");

        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(sarif.get("runs")).hasSize(1);
        JsonNode driver = sarif.get("runs").get(0).get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("shipshape");
        assertThat(driver.get("version").asText()).isNotBlank();
        assertThat(driver.get("informationUri").asText()).startsWith("https://");
        assertThat(sarif.get("runs").get(0).get("invocations").get(0).get("executionSuccessful").asBoolean()).isTrue();
    }

    @Test
    void rulesAreTheActiveChecksWithDescriptionsHelpTagsAndSeverity() throws IOException {
        JsonNode rules = sarif("scan/apps/web.yaml").get("runs").get(0).get("tool").get("driver").get("rules");

        List<ActiveCheck> active = CompiledPolicy.forProfile(Profile.HARDENED).checks();
        assertThat(rules).hasSize(active.size());
        Map<String, String> levels = Map.of("critical", "error", "high", "error", "medium", "warning", "low", "note");
        for (int i = 0; i < active.size(); i++) {
            JsonNode rule = rules.get(i);
            var descriptor = active.get(i).check().descriptor();
            assertThat(rule.get("id").asText()).isEqualTo(descriptor.id());
            assertThat(rule.get("name").asText()).matches("[A-Z][A-Za-z0-9]*");
            assertThat(rule.get("shortDescription").get("text").asText()).isEqualTo(descriptor.title());
            assertThat(rule.get("fullDescription").get("text").asText()).isEqualTo(descriptor.why());
            assertThat(rule.get("help").get("text").asText()).startsWith(descriptor.fix());
            assertThat(rule.get("help").get("markdown").asText()).contains(descriptor.fix(),
                    "`" + descriptor.fields().get(0) + "`");
            assertThat(rule.get("defaultConfiguration").get("level").asText())
                    .isEqualTo(levels.get(active.get(i).severity().id()));
            JsonNode properties = rule.get("properties");
            assertThat(properties.get("tags").toString()).contains("\"security\"",
                    "\"profile:" + descriptor.profile().id() + "\"", "\"category:");
            double securitySeverity = Double.parseDouble(properties.get("security-severity").asText());
            assertThat(securitySeverity).isBetween(0.1, 10.0);
        }
    }

    @Test
    void everyResultPointsAtItsRuleAndHasAUniqueFingerprint() throws IOException {
        JsonNode run = sarif("scan").get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");

        Set<String> fingerprints = new HashSet<>();
        assertThat(run.get("results").size()).isGreaterThan(10);
        for (JsonNode result : run.get("results")) {
            int ruleIndex = result.get("ruleIndex").asInt();
            assertThat(rules.get(ruleIndex).get("id").asText()).isEqualTo(result.get("ruleId").asText());
            assertThat(result.get("level").asText()).isIn("error", "warning", "note");
            assertThat(result.get("message").get("text").asText()).contains(". Fix: ");
            assertThat(startLine(result)).isPositive();
            assertThat(fingerprints.add(result.get("partialFingerprints").get(SarifReport.FINGERPRINT_KEY).asText()))
                    .isTrue();
        }
        assertThat(sarif("scan").get("runs").get(0).get("results")).isEqualTo(run.get("results"));
    }

    @Test
    void startLineIsTheLineOfThePresentFieldOrOfItsNearestExistingParent() throws IOException {
        JsonNode run = sarif("scan/apps/web.yaml", "scan/apps/multi.yaml").get("runs").get(0);

        // present field: the line of "privileged: true"
        assertThat(startLine(result(run, "privileged", "scan/apps/multi.yaml"))).isEqualTo(61);
        // missing securityContext: the container's line ("- name: app")
        assertThat(startLine(result(run, "run-as-non-root", "scan/apps/web.yaml"))).isEqualTo(18);
        // missing pod field: the pod spec's line ("spec:" of the template)
        assertThat(startLine(result(run, "automount-service-account-token", "scan/apps/web.yaml"))).isEqualTo(16);
        // missing field inside a present securityContext: the securityContext's line
        assertThat(startLine(result(run, "read-only-root-filesystem", "scan/apps/multi.yaml"))).isEqualTo(60);
    }

    @Test
    void urisAreRelativeWithForwardSlashesEncodedAndStdinIsNamedStdin() throws IOException {
        Path spaced = workDir.resolve("my apps");
        Files.createDirectories(spaced);
        Files.copy(workDir.resolve("scan/apps/web.yaml"), spaced.resolve("web app.yaml"));
        JsonNode run = sarif("my apps").get("runs").get(0);
        assertThat(result(run, "run-as-non-root", "my%20apps/web%20app.yaml")).isNotNull();

        JsonNode fromStdin = JSON.readTree(CliRunner.runWithStdin(workDir, CliRunner.resource("scan/apps/web.yaml"),
                "scan", "--format", "sarif", "-").out());
        assertThat(result(fromStdin.get("runs").get(0), "run-as-non-root", "stdin")).isNotNull();
    }

    @Test
    void exemptFindingsAreSuppressedResults() throws IOException {
        JsonNode run = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "sarif", "--policy",
                "policies/restricted-policy.yaml", "scan/apps/pod.json").out()).get("runs").get(0);

        JsonNode exempt = result(run, "host-namespaces", "scan/apps/pod.json");
        JsonNode suppression = exempt.get("suppressions").get(0);
        assertThat(suppression.get("kind").asText()).isEqualTo("external");
        assertThat(suppression.get("justification").asText()).contains("the node agent needs the host network");
        assertThat(result(run, "run-as-non-root", "scan/apps/pod.json").has("suppressions")).isFalse();
    }

    @Test
    void inputErrorsAreToolExecutionNotifications() throws IOException {
        JsonNode invocation = sarif("malformed/broken.yaml").get("runs").get(0).get("invocations").get(0);

        assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
        JsonNode notification = invocation.get("toolExecutionNotifications").get(0);
        assertThat(notification.get("level").asText()).isEqualTo("error");
        JsonNode location = notification.get("locations").get(0).get("physicalLocation");
        assertThat(location.get("artifactLocation").get("uri").asText()).isEqualTo("malformed/broken.yaml");
        assertThat(location.get("region").get("startLine").asInt()).isEqualTo(15);
    }

    private static final JsonSchema SARIF_SCHEMA;

    static {
        try (InputStream schema = SarifReportTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            SARIF_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(JSON.readTree(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertValidSarif(JsonNode sarif) {
        Set<ValidationMessage> problems = SARIF_SCHEMA.validate(sarif);
        assertThat(problems).as("SARIF 2.1.0 schema violations").isEmpty();
    }

    /** {@code count} Deployments of two unhardened containers each. */
    private static String deployments(int count) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-").append(i)
                    .append("\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n")
                    .append("        image: nginx:1.16.0\n      - name: sidecar\n        image: busybox:latest\n");
        }
        return yaml.toString();
    }

    @Test
    void everyReportIsValidAgainstTheSarifTwoOneZeroSchema() throws IOException {
        assertThat(SARIF_SCHEMA.validate(JSON.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}")))
                .as("the schema rejects a run without its tool").isNotEmpty();
        assertValidSarif(sarif("scan"));
        assertValidSarif(sarif("malformed"));
        assertValidSarif(JSON.readTree(CliRunner.run(workDir, "scan", "--format", "sarif", "--policy",
                "policies/restricted-policy.yaml", "scan").out()));
        CliRunner.run(workDir, "scan", "--write-baseline", "baseline.json", "scan/apps/web.yaml");
        JsonNode baselined = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "sarif", "--baseline",
                "baseline.json", "scan").out());
        assertValidSarif(baselined);
        assertThat(baselined.at("/runs/0/results")).anySatisfy(result ->
                assertThat(result.get("baselineState").asText()).isEqualTo("unchanged"))
                .anySatisfy(result -> assertThat(result.get("baselineState").asText()).isEqualTo("new"));
    }

    @Test
    void oneResultPerWorkloadAndCheckCarriesTheLocationOfEveryContainer() throws IOException {
        JsonNode run = JSON.readTree(CliRunner.runWithStdin(workDir, deployments(1), "scan", "--format", "sarif",
                "-").out()).get("runs").get(0);

        List<String> keys = new ArrayList<>();
        run.get("results").forEach(result -> keys.add(result.get("ruleId").asText()));
        assertThat(keys).doesNotHaveDuplicates();
        JsonNode nonRoot = result(run, "run-as-non-root", "stdin");
        assertThat(nonRoot.get("locations")).hasSize(2);
        assertThat(nonRoot.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(10);
        assertThat(nonRoot.at("/locations/1/physicalLocation/region/startLine").asInt()).isEqualTo(12);
        assertThat(nonRoot.at("/locations/1/logicalLocations/0/fullyQualifiedName").asText())
                .isEqualTo("Deployment default/app-0 container sidecar");
        assertThat(nonRoot.get("message").get("text").asText()).startsWith("2 findings in Deployment default/app-0: ")
                .contains("container \"app\"", "container \"sidecar\"");
    }

    @Test
    void resultsBeyondGitHubsLimitAreLeftOutLeastSevereFirstWithANote() throws IOException {
        JsonNode sarif = JSON.readTree(CliRunner.runWithStdin(workDir, deployments(2_400), "scan", "--format",
                "sarif", "-").out());
        JsonNode run = sarif.get("runs").get(0);

        assertThat(run.get("results")).hasSize(SarifReport.MAX_RESULTS);
        JsonNode json = JSON.readTree(CliRunner.runWithStdin(workDir, deployments(2_400), "scan", "--format",
                "json", "-").out());
        Map<String, Integer> grouped = new TreeMap<>();
        for (JsonNode workload : json.get("workloads")) {
            Set<String> checks = new HashSet<>();
            workload.get("findings").forEach(finding -> {
                if (checks.add(finding.get("checkId").asText())) {
                    grouped.merge(finding.get("severity").asText(), 1, Integer::sum);
                }
            });
        }
        int all = grouped.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(all).isGreaterThan(SarifReport.MAX_RESULTS);
        Map<String, Integer> kept = new TreeMap<>();
        run.get("results").forEach(result -> kept.merge(result.get("properties").get("severity").asText(), 1,
                Integer::sum));
        assertThat(kept.get("high")).isEqualTo(grouped.get("high"));
        assertThat(kept.get("medium")).isEqualTo(grouped.get("medium"));
        assertThat(kept.getOrDefault("low", 0)).isEqualTo(grouped.get("low") - (all - SarifReport.MAX_RESULTS));
        String note = run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText();
        assertThat(note).startsWith((all - SarifReport.MAX_RESULTS) + " results left out ("
                + (all - SarifReport.MAX_RESULTS) + " low): GitHub code scanning accepts at most 25000 results");
        assertValidSarif(sarif);
    }
}
