package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.cli.input.CliContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged CLI: {@code target/shipshape-cli.jar} runs with {@code java -jar} on a JDK and nothing else, and
 * answers as the CLI does in-process; {@code bin/shipshape} records its class-data sharing archive and says so.
 */
class CliJarIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path JAR = PROJECT.resolve("target/shipshape-cli.jar");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path workDir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        Path out = workDir.resolve("out.txt");
        Path err = workDir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(Map.of(), command);
    }

    @Test
    void theJarHoldsTheCliAndNoneOfTheOperatorsRuntime() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.shipshape.cli.ShipshapeCli");
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("dev/shipshape/cli/ShipshapeCli.class", "picocli/CommandLine.class",
                    "io/fabric8/kubernetes/api/model/PodSpec.class");
            assertThat(names).noneMatch(name -> name.startsWith("io/quarkus/") || name.startsWith("io/vertx/")
                    || name.startsWith("io/netty/") || name.startsWith("dev/shipshape/webhook/")
                    || name.startsWith("dev/shipshape/audit/"));
        }
        assertThat(Files.size(JAR)).isLessThan(20L * 1024 * 1024);
    }

    @Test
    void everyCommandAnswersFromTheJarAsItDoesInProcess() throws Exception {
        List<List<String>> commands = List.of(
                List.of("scan", "--format", "json", "deploy/samples/workloads"),
                List.of("scan", "--format", "sarif", "--policy", "deploy/samples/policies/hardened-enforce.yaml",
                        "deploy/samples/workloads"),
                List.of("scan", "--format", "junit", "src/test/resources/cli/network"),
                List.of("scan", "--format", "html", "deploy/samples/workloads"),
                List.of("scan", "--summary", "deploy/samples/workloads"),
                List.of("fix", "deploy/samples/workloads/bad-deployment.yaml"),
                List.of("checks", "--format", "json"),
                List.of("export", "admission-policy", "--profile", "restricted"),
                List.of("completion", "bash"),
                List.of("scan", "--help"));
        for (List<String> args : commands) {
            Run fromJar = jar(args.toArray(String[]::new));
            CliRunner.Result inProcess = CliRunner.run(new CliContext(
                    new ByteArrayInputStream(new byte[0]), PROJECT, false, Clock.systemUTC()),
                    args.toArray(String[]::new));
            assertThat(fromJar.exitCode()).as(String.join(" ", args) + ": " + fromJar.err())
                    .isEqualTo(inProcess.exitCode());
            assertThat(fromJar.out()).as(String.join(" ", args)).isEqualTo(inProcess.out()
                    .replace("0.1.0-SNAPSHOT", ShipshapeVersionHolder.VERSION));
        }
        assertThat(jar("version").out()).startsWith("shipshape " + ShipshapeVersionHolder.VERSION + "\n");
    }

    /** The version the build stamps into the jar's manifest. */
    private static final class ShipshapeVersionHolder {
        static final String VERSION = ShipshapeVersion.version();
    }

    @Test
    void theLauncherRecordsItsArchiveAtBuildAndSaysSoWhenAFirstRunHasTo() throws Exception {
        Path archive = PROJECT.resolve("target/shipshape-cli.jsa");
        Run recorded = run(Map.of("SHIPSHAPE_CDS", "record"), List.of("bin/shipshape"));
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        assertThat(archive).exists();
        assertThat(Files.size(archive)).isGreaterThan(1024 * 1024);

        Run fresh = run(Map.of(), List.of("bin/shipshape", "version"));
        assertThat(fresh.err()).isEmpty();

        // an archive older than the jar is one a build left stale
        Files.setLastModifiedTime(archive, FileTime.from(Files.getLastModifiedTime(JAR).toInstant()
                .minusSeconds(60)));
        Run stale = run(Map.of(), List.of("bin/shipshape", "scan",
                "deploy/samples/workloads/hardened-deployment.yaml"));
        assertThat(stale.err()).startsWith("shipshape: recording the class-data sharing archive");
        assertThat(stale.exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).isAfter(Files.getLastModifiedTime(JAR)
                .toInstant());
    }

    @Test
    void theActionsScanStepScansWritesTheJobSummaryAndSetsItsOutputs() throws Exception {
        JsonNode action = new YAMLMapper().readTree(PROJECT.resolve("action.yml").toFile());
        String script = null;
        for (JsonNode step : action.get("runs").get("steps")) {
            if ("scan".equals(step.path("id").asText())) {
                script = step.get("run").asText();
            }
        }
        Path runnerTemp = workDir.resolve("runner");
        Files.createDirectories(runnerTemp.resolve("shipshape"));
        Files.copy(JAR, runnerTemp.resolve("shipshape/shipshape-cli.jar"));
        Path summary = workDir.resolve("step-summary.md");
        Path outputs = workDir.resolve("outputs.txt");
        Map<String, String> environment = new HashMap<>(Map.of("RUNNER_TEMP", runnerTemp.toString(),
                "GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", outputs.toString(),
                "PATHS", "deploy/samples/workloads/bad-pod.yaml\ndeploy/samples/workloads/hardened-deployment.yaml",
                "PROFILE", "restricted", "POLICY", "", "FAIL_ON", "high", "BASELINE", "",
                "ARGS", "--ignore-check privileged"));
        environment.put("PATH", JAVA.getParent() + ":/usr/bin:/bin");

        Run step = run(environment, List.of("bash", "-e", "-c", script));

        assertThat(step.exitCode()).as(step.err()).isZero();
        assertThat(Files.readAllLines(outputs)).containsExactly(
                "sarif=" + runnerTemp.resolve("shipshape/shipshape.sarif"), "exit-code=1");
        assertThat(Files.readString(summary)).startsWith("### Shipshape scan").contains("SEVERITY  CHECK",
                "2 workloads scanned: 1 compliant, 1 violating").doesNotContain(" privileged ");
        JsonNode sarif = new ObjectMapper().readTree(runnerTemp.resolve("shipshape/shipshape.sarif").toFile());
        assertThat(sarif.at("/runs/0/results").size()).isPositive();
    }

    @Test
    void theSystemHookPassesACommitWithoutWorkloadsAndFailsOnHighFindings() throws Exception {
        JsonNode hook = new YAMLMapper().readTree(PROJECT.resolve(".pre-commit-hooks.yaml").toFile()).get(0);
        List<String> entry = List.of(hook.get("entry").asText().split(" "));
        Path service = workDir.resolve("service.yaml");
        Files.writeString(service, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
        List<String> args = new ArrayList<>(entry.subList(1, entry.size()));
        args.add(service.toString());

        assertThat(jar(args.toArray(String[]::new)).exitCode()).isZero();
        args.add("deploy/samples/workloads/bad-pod.yaml");
        assertThat(jar(args.toArray(String[]::new)).exitCode()).isEqualTo(1);
    }

    @Test
    void theReleaseArchiveRunsAsShipshapeAndAsTheKubectlPlugin() throws Exception {
        Run packed = run(Map.of(), List.of("scripts/cli-dist.sh"));
        assertThat(packed.exitCode()).as(packed.err()).isZero();
        Path archive = Path.of(packed.out().strip());
        Path sum = Path.of(archive + ".sha256");
        assertThat(Files.readString(sum)).startsWith(sha256(archive) + "  " + archive.getFileName());
        Path installed = workDir.resolve("installed");
        Files.createDirectories(installed);
        assertThat(run(Map.of(), List.of("tar", "-xzf", archive.toString(), "-C", installed.toString())).exitCode())
                .isZero();
        Map<String, String> environment = Map.of("PATH", JAVA.getParent() + ":/usr/bin:/bin", "HOME",
                workDir.toString());

        Run plugin = run(environment, List.of(installed.resolve("kubectl-shipshape").toString(), "scan",
                "deploy/samples/workloads/hardened-deployment.yaml"));
        assertThat(plugin.exitCode()).as(plugin.err()).isZero();
        assertThat(plugin.out()).contains("1 workload scanned: 1 compliant");
        assertThat(plugin.err()).startsWith("shipshape: recording the class-data sharing archive");
        assertThat(installed.resolve("shipshape-cli.jsa")).exists();
        Run again = run(environment, List.of(installed.resolve("shipshape").toString(), "version"));
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).startsWith("shipshape ");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
