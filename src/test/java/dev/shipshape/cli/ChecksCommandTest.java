package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.policy.Check;
import dev.shipshape.compose.ComposeChecks;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksCommandTest {

    @TempDir
    Path workDir;

    @Test
    void tableListsEveryCheckOfTheCatalogue() {
        CliRunner.Result result = CliRunner.run(workDir, "checks");

        assertThat(result.exitCode()).isZero();
        List<String> rows = result.out().lines().skip(1).toList();
        List<CheckDescriptor> all = new ArrayList<>(CheckCatalog.all().stream().map(check -> check
                .descriptor()).toList());
        DockerfileChecks.imageOnly().forEach(check -> all.add(check.descriptor()));
        all.addAll(ComposeChecks.composeOnly());
        assertThat(rows).hasSize(all.size());
        for (int i = 0; i < rows.size(); i++) {
            CheckDescriptor descriptor = all.get(i);
            assertThat(rows.get(i)).startsWith(descriptor.id() + " ").contains(descriptor.title(),
                    descriptor.severity().id(), descriptor.profile().id());
        }
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("run-as-non-root ")
                .contains("kubernetes, dockerfile, compose"));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("privileged ").contains("kubernetes, compose ")
                .doesNotContain("dockerfile"));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("network-policy ").contains("kubernetes ")
                .doesNotContain("compose"));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("compose-database-ports ")
                .contains(" compose "));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("dockerfile-sudo ").contains(" dockerfile "));
        assertThat(CliRunner.run(workDir, "checks", "--profile", "restricted").out())
                .doesNotContain("dockerfile-sudo");
    }

    @Test
    void profileListsOnlyTheChecksItRuns() {
        String baseline = CliRunner.run(workDir, "checks", "--profile", "baseline").out();
        String restricted = CliRunner.run(workDir, "checks", "--profile", "restricted").out();

        assertThat(baseline).contains("privileged ", "host-path-volumes ").doesNotContain("run-as-non-root",
                "read-only-root-filesystem");
        assertThat(restricted).contains("run-as-non-root ", "volume-types ").doesNotContain("host-path-volumes",
                "read-only-root-filesystem");
    }

    @Test
    void jsonDescribesEveryCheck() throws IOException {
        JsonNode json = JsonMapper.builder().build().readTree(CliRunner.run(workDir, "checks", "--format", "json").out());

        List<String> ids = new ArrayList<>();
        json.get("checks").forEach(check -> ids.add(check.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(CheckCatalog.ids());
        JsonNode imageTag = json.get("checks").get(ids.indexOf("image-tag-pinned"));
        assertThat(imageTag.get("params").get(0).get("name").asText()).isEqualTo("requireDigest");
        assertThat(imageTag.get("params").get(0).get("default").asText()).isEqualTo("false");
        JsonNode volumeTypes = json.get("checks").get(ids.indexOf("volume-types"));
        assertThat(volumeTypes.get("overrides").get(0).asText()).isEqualTo("host-path-volumes");
        assertThat(volumeTypes.get("admissionPolicy").asBoolean()).isTrue();
        assertThat(volumeTypes.has("webhookOnlyReason")).isFalse();
        JsonNode networkPolicy = json.get("checks").get(ids.indexOf("network-policy"));
        assertThat(networkPolicy.get("admissionPolicy").asBoolean()).isFalse();
        assertThat(networkPolicy.get("webhookOnlyReason").asText()).contains("NetworkPolicies");
    }

    @Test
    void markdownReferenceHasProfilesCategoriesAndEveryCheck() {
        String markdown = CliRunner.run(workDir, "checks", "--format", "markdown").out();

        assertThat(markdown).startsWith("# Checks reference\n").contains(
                "## Profiles",
                "| `volume-types` | `host-path-volumes` | restricted |",
                "| Profiles | baseline (replaced by `volume-types` in restricted and hardened) |",
                "**Parameters** (`spec.checks[].params`):",
                "| `requireDigest` | `false` | ",
                "| Generated admission policy | yes: the API server decides it in CEL",
                "| Generated admission policy | no, the webhook decides it: it reads the NetworkPolicies");
        for (Check check : CheckCatalog.all()) {
            CheckDescriptor descriptor = check.descriptor();
            assertThat(markdown).contains("### " + descriptor.id() + "\n",
                    "## " + descriptor.category().title() + "\n",
                    "| [`" + descriptor.id() + "`](#" + descriptor.id() + ") |");
        }
        assertThat(CliRunner.run(workDir, "checks", "--format", "markdown").out()).isEqualTo(markdown);
    }
}
