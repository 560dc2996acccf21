package dev.shipshape.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.cli.CliCommands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files that install the CLI elsewhere (the GitHub Action, the pre-commit hooks, the krew manifest, the release
 * workflow, the CLI image) parse and name only commands and options that exist. CliJarIT runs the action's scan.
 */
class DistributionTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)");

    private static JsonNode yaml(String file) throws IOException {
        return YAML.readTree(Files.readString(Path.of(file)));
    }

    /** Every {@code --option} in {@code text} is an option of {@code shipshape scan}. */
    private static void assertScanOptionsExist(String text) {
        CommandLine scan = CliCommands.every().getSubcommands().get("scan");
        Matcher options = OPTION.matcher(text);
        List<String> found = new ArrayList<>();
        while (options.find()) {
            found.add(options.group(1));
        }
        assertThat(found).isNotEmpty().allSatisfy(option -> {
            CommandLine.Model.OptionSpec spec = scan.getCommandSpec().findOption(option);
            if (spec == null && option.startsWith("--no-")) {
                spec = scan.getCommandSpec().findOption("--" + option.substring("--no-".length()));
                assertThat(spec != null && spec.negatable()).as("shipshape scan " + option + " negates").isTrue();
            }
            assertThat(spec).as("shipshape scan " + option).isNotNull();
        });
    }

    @Test
    void theActionScansWithOptionsThatExistAndUploadsTheSarif() throws IOException {
        JsonNode action = yaml("action.yml");

        assertThat(action.get("runs").get("using").asText()).isEqualTo("composite");
        action.get("inputs").properties().forEach(input -> assertThat(input.getValue().get("description").asText())
                .as(input.getKey()).isNotBlank());
        JsonNode scan = null;
        JsonNode upload = null;
        for (JsonNode step : action.get("runs").get("steps")) {
            if ("scan".equals(step.path("id").asText())) {
                scan = step;
            }
            if (step.path("uses").asText().startsWith("github/codeql-action/upload-sarif@")) {
                upload = step;
            }
        }
        assertThat(scan).isNotNull();
        String script = scan.get("run").asText();
        assertThat(script).contains("shipshape-cli.jar\" scan ", "$GITHUB_STEP_SUMMARY", "exit-code=$status");
        assertScanOptionsExist(script);
        assertThat(upload).isNotNull();
        assertThat(upload.get("with").get("sarif_file").asText()).isEqualTo("${{ steps.scan.outputs.sarif }}");
    }

    @Test
    void theHooksRunScanOnStagedManifestsWithOptionsThatExist() throws IOException {
        JsonNode hooks = yaml(".pre-commit-hooks.yaml");

        assertThat(hooks).hasSize(2);
        for (JsonNode hook : hooks) {
            String entry = hook.get("entry").asText();
            assertThat(entry).containsPattern("(^shipshape|shipshape-cli:v[0-9.]+) scan ");
            assertScanOptionsExist(entry);
            Pattern files = Pattern.compile(hook.get("files").asText());
            Pattern exclude = Pattern.compile(hook.get("exclude").asText());
            assertThat(files.matcher("k8s/web.yaml").find()).isTrue();
            assertThat(files.matcher("k8s/pod.json").find()).isTrue();
            assertThat(files.matcher("README.md").find()).isFalse();
            assertThat(exclude.matcher("charts/web/templates/deployment.yaml").find()).isTrue();
            assertThat(exclude.matcher("k8s/web.yaml").find()).isFalse();
        }
        assertThat(hooks.get(0).get("language").asText()).isEqualTo("system");
        assertThat(hooks.get(1).get("language").asText()).isEqualTo("docker_image");
    }

    @Test
    void theKrewManifestRendersToAPluginWhoseBinaryTheArchiveHolds() throws IOException {
        String template = Files.readString(Path.of(".krew.yaml"));
        String rendered = template
                .replaceAll("\\{\\{ addURIAndSha \"([^\"]*)\" \\.TagName }}",
                        "uri: $1\n    sha256: " + "ab".repeat(32))
                .replace("{{ .TagName }}", "v1.2.3");
        JsonNode plugin = YAML.readTree(rendered);

        assertThat(plugin.get("apiVersion").asText()).isEqualTo("krew.googlecontainertools.github.com/v1alpha2");
        assertThat(plugin.get("kind").asText()).isEqualTo("Plugin");
        assertThat(plugin.get("spec").get("version").asText()).isEqualTo("v1.2.3");
        assertThat(plugin.get("spec").get("shortDescription").asText().length()).isLessThanOrEqualTo(60);
        JsonNode platform = plugin.get("spec").get("platforms").get(0);
        assertThat(platform.get("uri").asText()).isEqualTo(
                "https://github.com/shipshape-dev/shipshape/releases/download/v1.2.3/shipshape-cli-v1.2.3.tar.gz");
        assertThat(platform.get("sha256").asText()).hasSize(64);
        assertThat(platform.get("bin").asText()).isEqualTo("kubectl-shipshape");
        assertThat(Files.readString(Path.of("scripts/cli-dist.sh"))).contains("$stage/kubectl-shipshape");
    }

    @Test
    void theReleaseWorkflowTestsOnDebianThenPublishesImagesJarAndArchive() throws IOException {
        JsonNode workflow = yaml(".github/workflows/release.yml");

        assertThat(workflow.get("on").get("push").get("tags").get(0).asText()).isEqualTo("v*.*.*");
        JsonNode test = workflow.get("jobs").get("test");
        assertThat(test.get("container").asText()).startsWith("debian:12");
        assertThat(test.toString()).contains("bash .ci/run");
        JsonNode release = workflow.get("jobs").get("release");
        assertThat(release.get("needs").asText()).isEqualTo("test");
        List<String> dockerfiles = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (JsonNode step : release.get("steps")) {
            if (step.path("with").has("file")) {
                dockerfiles.add(step.get("with").get("file").asText());
            }
            if (step.has("run")) {
                runs.add(step.get("run").asText());
            }
        }
        assertThat(dockerfiles).containsExactly("src/main/docker/Dockerfile.jvm", "src/main/docker/Dockerfile.cli");
        dockerfiles.forEach(file -> assertThat(Path.of(file)).exists());
        assertThat(String.join("\n", runs)).contains("make build", "scripts/cli-dist.sh", "target/shipshape-cli.jar");
        assertThat(Path.of("scripts/cli-dist.sh")).isExecutable();
    }

    @Test
    void theCliImageTrainsItsArchiveOnTheRuntimeJvmAndRunsTheJarAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.cli"));
        List<String> images = Pattern.compile("^FROM (\\S+)(?: AS (\\S+))?$", Pattern.MULTILINE)
                .matcher(dockerfile).results().map(match -> match.group(1)).toList();

        assertThat(images).hasSize(3).allSatisfy(image -> assertThat(image).matches(".+:[^:/]+")
                .doesNotEndWith(":latest"));
        assertThat(images.get(1)).as("the archive is recorded by the runtime's JVM").isEqualTo(images.get(2));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(runtime).doesNotContain("RUN ").contains("USER 1001:1001",
                "-XX:SharedArchiveFile=/opt/shipshape/shipshape-cli.jsa", "-jar\", \"/opt/shipshape/shipshape-cli.jar");
        String archive = dockerfile.substring(dockerfile.indexOf(" AS archive"), dockerfile.lastIndexOf("\nFROM "));
        assertThat(archive).contains("-XX:ArchiveClassesAtExit=shipshape-cli.jsa", "test -s shipshape-cli.jsa");
        assertScanOptionsExist(archive.substring(archive.indexOf(" scan ")));
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("!deploy/samples/workloads/");
    }
}
