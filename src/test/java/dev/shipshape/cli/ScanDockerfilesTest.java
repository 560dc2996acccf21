package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.input.CliContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Dockerfiles in {@code scan}: found by name, reported in every format, with baselines, ignored checks, exit codes. */
class ScanDockerfilesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path workDir;

    private static CliRunner.Result inProject(String... args) {
        return CliRunner.run(new CliContext(new ByteArrayInputStream(new byte[0]), PROJECT, false, CliRunner.CLOCK),
                args);
    }

    private static Set<String> checkIds(JsonNode workload) {
        Set<String> ids = new LinkedHashSet<>();
        workload.get("findings").forEach(finding -> ids.add(finding.get("checkId").asText()));
        return ids;
    }

    @Test
    void theSampleImagesDecideAsTheSamplesReadmeSays() throws IOException {
        CliRunner.Result result = inProject("scan", "--format", "json", "deploy/samples/images");

        JsonNode report = JSON.readTree(result.out());
        JsonNode legacy = CliRunner.workload(report, "deploy/samples/images/legacy.Dockerfile");
        JsonNode hardened = CliRunner.workload(report, "deploy/samples/images/hardened.Dockerfile");
        assertThat(hardened.get("findings")).isEmpty();
        assertThat(hardened.get("ref").get("kind").asText()).isEqualTo("Dockerfile");
        String readme = Files.readString(PROJECT.resolve("deploy/samples/README.md"));
        String row = readme.lines().filter(line -> line.startsWith("| [`legacy.Dockerfile`]")).findFirst()
                .orElseThrow();
        Set<String> documented = new LinkedHashSet<>();
        Matcher ids = Pattern.compile("`([a-z0-9-]+)`").matcher(
                row.substring(row.indexOf(") |")));
        while (ids.find()) {
            documented.add(ids.group(1));
        }
        assertThat(checkIds(legacy)).isEqualTo(documented);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report.at("/summary/dockerfiles").asInt()).isEqualTo(2);
        assertThat(report.at("/summary/workloads").asInt()).isEqualTo(2);
        JsonNode pipe = legacy.get("findings").findParents("checkId").stream()
                .filter(finding -> finding.get("checkId").asText().equals("dockerfile-pipe-to-shell")).findFirst()
                .orElseThrow();
        assertThat(pipe.get("line").asInt()).isEqualTo(8);
        assertThat(pipe.get("path").asText()).isEqualTo("stages[0].instructions[5]");
    }

    @Test
    void theRepositorysOwnDockerfilesScanCleanUnderAPolicyThatLeavesHealthToKubernetes() throws IOException {
        Path policy = workDir.resolve("images.yaml");
        Files.writeString(policy, """
                apiVersion: shipshape.dev/v1alpha1
                kind: HardeningPolicy
                metadata:
                  name: images-for-kubernetes
                spec:
                  profile: hardened
                  checks:
                  - id: liveness-probe
                    params:
                      dockerfileHealthcheck: "false"
                """);

        CliRunner.Result result = inProject("scan", "--format", "json", "--policy", policy.toString(),
                "src/main/docker");

        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("workloads")).hasSize(3);
        report.get("workloads").forEach(workload -> assertThat(workload.get("findings"))
                .as(workload.get("file").asText()).isEmpty());
        assertThat(result.exitCode()).isZero();
        CliRunner.Result strict = inProject("scan", "--format", "json", "src/main/docker");
        assertThat(checkIds(JSON.readTree(strict.out()).get("workloads").get(0))).containsExactly("liveness-probe");
    }

    @Test
    void anyNameWithDockerfileAndParseErrorsWithTheirLine() throws IOException {
        Files.writeString(workDir.resolve("build.txt"), "FROM alpine\nUSER 10001\n");
        Files.writeString(workDir.resolve("Containerfile"), "RUN echo before FROM\nFROM alpine:3.20\n");

        CliRunner.Result result = CliRunner.run(workDir, "scan", "--dockerfile", "build.txt", ".");

        assertThat(result.err()).contains("Containerfile:1:1: RUN before the first FROM: only ARG may come before it");
        assertThat(result.out()).contains("build.txt:1  Dockerfile build.txt", "image-tag-pinned  image  line 1");
        assertThat(result.exitCode()).isEqualTo(2);
        CliRunner.Result missing = CliRunner.run(workDir, "scan", "--dockerfile", "absent", ".");
        assertThat(missing.err()).contains("absent: --dockerfile: no such file, or not readable");
    }

    @Test
    void dockerfilesGetEveryFormatBaselinesAndIgnoredChecks() throws IOException {
        Files.copy(PROJECT.resolve("deploy/samples/images/legacy.Dockerfile"), workDir.resolve("Dockerfile"));

        JsonNode sarif = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "sarif", ".").out());
        JsonNode rules = sarif.at("/runs/0/tool/driver/rules");
        assertThat(rules.findValuesAsText("id")).contains("dockerfile-pipe-to-shell", "run-as-non-root");
        assertThat(sarif.at("/runs/0/results").findValuesAsText("uri")).containsOnly("Dockerfile");
        String junit = CliRunner.run(workDir, "scan", "--format", "junit", ".").out();
        assertThat(junit).contains("<testcase name=\"dockerfile-sudo\" classname=\"Dockerfile Dockerfile\"")
                .doesNotContain("name=\"host-namespaces\" classname=\"Dockerfile");
        assertThat(CliRunner.run(workDir, "scan", "--format", "html", ".").out()).contains("dockerfile-sudo",
                "<td class=\"fix\">Run build steps as root before USER, and do not install sudo.</td>");

        CliRunner.Result ignored = CliRunner.run(workDir, "scan", "--format", "json", "--ignore-check",
                "dockerfile-sudo", "--ignore-check", "run-as-non-root", ".");
        assertThat(checkIds(JSON.readTree(ignored.out()).get("workloads").get(0)))
                .doesNotContain("dockerfile-sudo", "run-as-non-root").contains("dockerfile-chmod-777");

        // findings are known by Dockerfile and check: a new one is a check that did not fail before
        Files.copy(PROJECT.resolve("deploy/samples/images/hardened.Dockerfile"), workDir.resolve("Dockerfile"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(CliRunner.run(workDir, "scan", "--write-baseline", "baseline.json", ".").exitCode()).isZero();
        assertThat(Files.readString(workDir.resolve("baseline.json"))).contains("dockerfile-dockerignore");
        Files.writeString(workDir.resolve("Dockerfile"), Files.readString(workDir.resolve("Dockerfile"))
                + "USER root\n");
        CliRunner.Result changed = CliRunner.run(workDir, "scan", "--format", "json", "--baseline", "baseline.json",
                ".");
        JsonNode dockerfile = JSON.readTree(changed.out()).get("workloads").get(0);
        assertThat(checkIds(dockerfile)).as("only what the baseline does not hold")
                .containsExactly("run-as-non-root");
        assertThat(changed.exitCode()).isEqualTo(1);
    }

    @Test
    void fixLeavesDockerfilesToPeople() throws IOException {
        Files.copy(PROJECT.resolve("deploy/samples/images/legacy.Dockerfile"), workDir.resolve("Dockerfile"));

        CliRunner.Result result = CliRunner.run(workDir, "fix", ".");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Dockerfile: a Dockerfile, not fixed automatically");
    }
}
