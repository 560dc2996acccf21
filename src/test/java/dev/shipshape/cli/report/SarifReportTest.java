package dev.shipshape.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.CliRunner;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
}
