package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.deploy.DeployTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people feed {@code scan}: Helm charts, rendered streams, FIFOs, unknown kinds, documents that are not objects.
 */
class ScanInputsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx:1.16.0
            """;

    @TempDir
    Path workDir;

    private static CliRunner.Result run(Path workingDirectory, String path, String... args) {
        CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), workingDirectory, false,
                CliRunner.CLOCK, Map.of("PATH", path));
        return CliRunner.run(context, args);
    }

    private static String helmPath() {
        return DeployTools.tools().resolve("helm") + ":/usr/bin:/bin";
    }


    @Test
    void aChartFolderIsRenderedWithHelmAndFindingsPointAtItsTemplates() throws IOException {
        CliRunner.Result result = run(PROJECT, helmPath(), "scan", "--format", "json", "--namespace", "ops",
                "--set", "image.tag=latest", "helm/shipshape");

        assertThat(result.err()).doesNotContain("error");
        JsonNode report = JSON.readTree(result.out());
        JsonNode operator = CliRunner.workload(report, "shipshape");
        assertThat(operator.get("file").asText()).isEqualTo("helm/shipshape/templates/deployment.yaml");
        assertThat(operator.get("ref").get("namespace").asText()).as("--namespace renders the release there")
                .isEqualTo("ops");
        JsonNode pinned = operator.get("findings").get(0);
        assertThat(pinned.get("checkId").asText()).as("--set reached helm").isEqualTo("image-tag-pinned");
        List<String> template = Files.readAllLines(PROJECT.resolve("helm/shipshape/templates/deployment.yaml"));
        assertThat(template.get(pinned.get("line").asInt() - 1)).as("the line is the template's image line")
                .contains("image:");
        assertThat(result.exitCode()).isEqualTo(1);

        CliRunner.Result defaults = run(PROJECT, helmPath(), "scan", "--format", "json", "helm/shipshape");
        assertThat(CliRunner.workload(JSON.readTree(defaults.out()), "shipshape").get("findings")).isEmpty();
        assertThat(defaults.exitCode()).isZero();
    }

    @Test
    void valuesFilesReachHelmAndItsErrorsAreInputErrors() throws IOException {
        Files.writeString(workDir.resolve("values.yaml"), "image:\n  tag: latest\n");
        CliRunner.Result withValues = run(workDir, helmPath(), "scan", "--format", "json", "-f", "values.yaml",
                PROJECT.resolve("helm/shipshape").toString());
        JsonNode valued = CliRunner.workload(JSON.readTree(withValues.out()), "shipshape");
        assertThat(valued.get("findings").get(0).get("checkId").asText()).isEqualTo("image-tag-pinned");

        CliRunner.Result missing = run(workDir, helmPath(), "scan", "-f", "absent.yaml",
                PROJECT.resolve("helm/shipshape").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains(": helm template failed (exit 1): ", "absent.yaml");
    }

    @Test
    void aChartWithoutHelmOnPathIsOneLineSayingHowToRenderIt() throws IOException {
        Path chart = workDir.resolve("charts/web");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), "{{- if .Values.enabled }}\n" + DEPLOYMENT
                + "{{- end }}\n");

        CliRunner.Result result = run(workDir, "/nonexistent", "scan", ".");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines().filter(line -> line.startsWith("charts/web"))).containsExactly(
                "charts/web: a Helm chart, and helm is not on PATH to render it: install helm, or render the chart "
                        + "yourself: helm template charts/web | shipshape scan -");
        assertThat(result.err()).as("the templates are never read as YAML").doesNotContain("templates/deployment");
    }

    @Test
    void sourceCommentsOfARenderedStreamPointFindingsAtTheTemplate() throws IOException {
        String rendered = "---\n# Source: web/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n"
                + "  name: web\n---\n# Source: web/templates/deployment.yaml\n" + DEPLOYMENT;
        CliRunner.Result result = CliRunner.runWithStdin(workDir, rendered, "scan", "--format", "json", "-");

        JsonNode web = CliRunner.workload(JSON.readTree(result.out()), "web");
        assertThat(web.get("file").asText()).isEqualTo("web/templates/deployment.yaml");
        assertThat(web.get("line").asInt()).isEqualTo(1);
        JsonNode image = null;
        for (JsonNode finding : web.get("findings")) {
            if (finding.get("checkId").asText().equals("run-as-non-root")) {
                image = finding;
            }
        }
        assertThat(image).isNotNull();
        assertThat(image.get("line").asInt()).as("the container's line in the template").isEqualTo(9);

        // where the template can be read, a line is found there by its key, past the lines rendering dropped
        Files.createDirectories(workDir.resolve("web/templates"));
        Files.writeString(workDir.resolve("web/templates/deployment.yaml"), """
                {{- if .Values.enabled }}
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  {{- with .Values.labels }}
                  labels:
                    {{- toYaml . | nindent 4 }}
                  {{- end }}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: {{ .Values.image }}
                {{- end }}
                """);
        String mappedReport = CliRunner.runWithStdin(workDir, rendered, "scan", "--format", "json", "-").out();
        JsonNode mapped = CliRunner.workload(JSON.readTree(mappedReport), "web");
        assertThat(mapped.get("findings")).anySatisfy(finding -> {
            assertThat(finding.get("checkId").asText()).isEqualTo("run-as-non-root");
            assertThat(finding.get("line").asInt()).isEqualTo(14);
        });
        assertThat(mapped.get("findings")).anySatisfy(finding -> {
            assertThat(finding.get("checkId").asText()).isEqualTo("automount-service-account-token");
            assertThat(finding.get("line").asInt()).as("the second spec: of both").isEqualTo(12);
        });

        CliRunner.Result table = CliRunner.runWithStdin(workDir, rendered, "scan", "-");
        assertThat(table.out()).contains("web/templates/deployment.yaml:2  Deployment default/web");
        CliRunner.Result sarif = CliRunner.runWithStdin(workDir, rendered, "scan", "--format", "sarif", "-");
        assertThat(JSON.readTree(sarif.out()).at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                .asText()).isEqualTo("web/templates/deployment.yaml");
        CliRunner.Result junit = CliRunner.runWithStdin(workDir, rendered, "scan", "--format", "junit", "-");
        assertThat(junit.out()).contains("file=\"web/templates/deployment.yaml\"");
    }

    @Test
    void excludeLeavesOutFilesFoldersAndRenderedTemplates() throws IOException {
        Files.createDirectories(workDir.resolve("k8s/tests"));
        Files.writeString(workDir.resolve("k8s/web.yaml"), DEPLOYMENT);
        Files.writeString(workDir.resolve("k8s/tests/smoke.yaml"), DEPLOYMENT.replace("name: web", "name: smoke"));
        Files.writeString(workDir.resolve("k8s/web.test.yaml"), DEPLOYMENT.replace("name: web", "name: unit"));

        JsonNode all = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "k8s").out());
        assertThat(all.get("workloads")).hasSize(3);
        JsonNode some = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "--exclude", "tests",
                "--exclude", "*.test.yaml", "k8s").out());
        assertThat(some.get("workloads")).hasSize(1);
        assertThat(some.at("/workloads/0/ref/name").asText()).isEqualTo("web");

        String rendered = "---\n# Source: web/templates/tests/smoke.yaml\n" + DEPLOYMENT.replace("name: web",
                "name: smoke") + "---\n# Source: web/templates/deployment.yaml\n" + DEPLOYMENT;
        CliRunner.Result fromStdin = CliRunner.runWithStdin(workDir, rendered, "scan", "--exclude",
                "web/templates/tests/**", "-");
        assertThat(fromStdin.out()).contains("Deployment default/web", "1 rendered document excluded")
                .doesNotContain("smoke");
    }

    @Test
    void fifosAndProcessSubstitutionsAreRead() throws Exception {
        Path fifo = workDir.resolve("manifests.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, DEPLOYMENT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();

        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "manifests.fifo");
        writer.join(30_000);

        assertThat(result.err()).doesNotContain("cannot", "not a regular file");
        assertThat(CliRunner.workload(JSON.readTree(result.out()), "web").get("file").asText())
                .isEqualTo("manifests.fifo");
    }

    @Test
    void aDocumentThatIsNotAnObjectIsAnInputErrorWithItsLine() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, DEPLOYMENT + "---\n- just\n- a list\n---\n"
                + "a plain sentence\n", "scan", "-");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                "stdin:12:1: a YAML document must be a Kubernetes object (a mapping with apiVersion and kind), "
                        + "not a list",
                "stdin:15:1: a YAML document must be a Kubernetes object (a mapping with apiVersion and kind), "
                        + "not the string \"a plain sentence\"");
        assertThat(result.out()).contains("Deployment default/web");
    }

    @Test
    void aMisspeltWorkloadKindIsNamedWithTheKindItProbablyMeans() throws IOException {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, DEPLOYMENT.replace("kind: Deployment",
                "kind: Deploymnet"), "scan", "--format", "json", "-");

        assertThat(result.exitCode()).as("no workload in non-empty input").isEqualTo(2);
        assertThat(result.err()).contains("stdin:2:1: warning: 1 object of unknown kind apps/v1/Deploymnet not "
                + "scanned: did you mean Deployment?").doesNotContain("--workload-kind");
        assertThat(JSON.readTree(result.out()).at("/summary/unknownKinds/0/suggestion").asText())
                .isEqualTo("Deployment");
    }

    @Test
    void kindsDeclaredByACustomResourceDefinitionInTheInputAreKnown() {
        String crd = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  names:
                    kind: Widget
                    plural: widgets
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: one
                ---
                """;
        CliRunner.Result result = CliRunner.runWithStdin(workDir, crd + DEPLOYMENT, "scan", "-");

        assertThat(result.err()).doesNotContain("Widget");
        assertThat(result.out()).contains("2 non-workload documents skipped").doesNotContain("unknown kind");

        CliRunner.Result withoutCrd = CliRunner.runWithStdin(workDir, crd.substring(crd.indexOf("apiVersion: example"))
                + DEPLOYMENT, "scan", "-");
        assertThat(withoutCrd.out()).contains("1 object of unknown kind example.com/v1/Widget not scanned");
    }

    @Test
    void kustomizeFilesAndAdmissionReviewsAreKnownKinds() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [web.yaml]\n---\n" + DEPLOYMENT, "scan", "-");

        assertThat(result.out()).contains("1 non-workload document skipped").doesNotContain("unknown kind");
    }

    @Test
    void emptyInputIsNotAFailure() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, "# nothing rendered\n", "scan", "-");

        assertThat(result.exitCode()).isZero();
        assertThat(new ArrayList<>(result.err().lines().toList())).isEmpty();
    }
}
