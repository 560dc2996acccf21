package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.policy.CheckCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FixCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> REMEDIABLE = CheckCatalog.all().stream()
            .filter(check -> check.descriptor().remediable())
            .map(check -> check.descriptor().id())
            .collect(Collectors.toSet());

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "fix", "malformed");
    }

    private String read(String path) throws IOException {
        return Files.readString(workDir.resolve(path));
    }

    /** Check ids of every finding a JSON scan report lists. */
    private static List<String> findings(String jsonReport) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode workload : JSON.readTree(jsonReport).get("workloads")) {
            workload.get("findings").forEach(finding -> ids.add(finding.get("checkId").asText()));
        }
        return ids;
    }

    @Test
    void addsOnlyMissingFieldsAndKeepsCommentsKeyOrderQuotingAndUntouchedDocuments() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "fix/commented.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(CliRunner.resource("fix-expected/commented.yaml"));
        assertThat(result.err()).contains(
                "fix/commented.yaml:2: Deployment default/frontend: filled in 15 fields",
                "  + spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: false",
                "  + spec.template.spec.securityContext.seccompProfile.type: RuntimeDefault",
                "  still failing, needs a manual fix: resource-requests (container web)");
        String original = read("fix/commented.yaml");
        String untouchedDocument = original.substring(original.indexOf("---\n"));
        assertThat(result.out()).endsWith(untouchedDocument);
    }

    @Test
    void followsTheIndentationOfTheDocument() {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "fix/indented.yaml");

        assertThat(result.out()).isEqualTo(CliRunner.resource("fix-expected/indented.yaml"));
    }

    @Test
    void keepsLineEndings() {
        String fixed = CliRunner.run(workDir, "fix", "fix/crlf.yaml").out();

        assertThat(fixed).contains("    securityContext:\r\n      allowPrivilegeEscalation: false\r\n");
        assertThat(fixed.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void neverChangesExplicitValues() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "fix/explicit.yaml");

        assertThat(result.out()).contains("automountServiceAccountToken: true", "runAsNonRoot: false",
                "allowPrivilegeEscalation: true", "readOnlyRootFilesystem: false");
        assertThat(result.out().lines().filter(line -> !line.isBlank()).toList())
                .containsSubsequence(read("fix/explicit.yaml").lines().toList());
        assertThat(result.err()).contains("still failing, needs a manual fix: allow-privilege-escalation");
    }

    @Test
    void isIdempotent() throws IOException {
        String once = CliRunner.run(workDir, "fix", "fix").out();
        Files.writeString(workDir.resolve("once.yaml"), once);

        CliRunner.Result twice = CliRunner.run(workDir, "fix", "once.yaml");

        assertThat(twice.out()).isEqualTo(once);
        assertThat(twice.err()).contains("once.yaml: unchanged").doesNotContain("filled in");
    }

    @Test
    void rescanAfterFixIsCleanForEveryRemediableCheck() throws IOException {
        List<String> before = findings(CliRunner.run(workDir, "scan", "--format", "json", "fix").out());
        assertThat(before).containsAll(REMEDIABLE);

        CliRunner.Result fix = CliRunner.run(workDir, "fix", "--in-place", "fix");
        assertThat(fix.exitCode()).isZero();

        List<String> after = new ArrayList<>();
        try (Stream<Path> files = Files.list(workDir.resolve("fix"))) {
            for (Path file : files.sorted().toList()) {
                if (!file.getFileName().toString().equals("explicit.yaml")) {
                    after.addAll(findings(CliRunner.run(workDir, "scan", "--format", "json",
                            workDir.relativize(file).toString()).out()));
                }
            }
        }
        assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(REMEDIABLE);
    }

    /** Fixes {@code manifest} from stdin and scans the result: it must read cleanly with no remediable finding. */
    private String fixAndRescan(String manifest) throws IOException {
        CliRunner.Result fix = CliRunner.runWithStdin(workDir, manifest, "fix", "-");
        assertThat(fix.exitCode()).isZero();
        CliRunner.Result rescan = CliRunner.runWithStdin(workDir, fix.out(), "scan", "--format", "json", "-");
        assertThat(rescan.err().lines()).as("no problem, only notes").allMatch(line -> line.startsWith("note: "));
        assertThat(findings(rescan.out())).doesNotContainAnyElementsOf(REMEDIABLE);
        return fix.out();
    }

    @Test
    void neverWritesWhatTheApiServerOrTheKubeletWouldRefuse() {
        String manifest = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: node-agent, namespace: ops}
                spec:
                  selector: {matchLabels: {app: node-agent}}
                  template:
                    metadata: {labels: {app: node-agent}}
                    spec:
                      securityContext: {runAsUser: 0}
                      containers:
                      - name: agent
                        image: registry.example.com/ops/node-agent:3.1.0
                        securityContext: {privileged: true}
                """;

        CliRunner.Result fix = CliRunner.runWithStdin(workDir, manifest, "fix", "-");

        assertThat(fix.exitCode()).isZero();
        assertThat(fix.out()).contains("readOnlyRootFilesystem: true", "drop:", "ALL")
                .doesNotContain("allowPrivilegeEscalation", "runAsNonRoot");
    }

    @Test
    void flowStyleDocumentsGrowInFlowStyle() throws IOException {
        String fixed = fixAndRescan("{apiVersion: v1, kind: Pod, metadata: {name: flow}, "
                + "spec: {containers: [{name: a, image: \"b:1.0\"}]}}\n");

        assertThat(fixed).startsWith("{apiVersion: v1, kind: Pod, metadata: {name: flow}, spec: {containers: "
                + "[{name: a, image: \"b:1.0\", securityContext: {allowPrivilegeEscalation: false, ")
                .doesNotContain("\n  ");
    }

    @Test
    void blockScalarsAnchorsAndAMissingFinalLineBreakSurvive() throws IOException {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: odd
                spec:
                  containers:
                  - &base
                    name: a
                    image: b:1.0
                    command:
                    - sh
                    - -c
                    - |
                      echo one
                      echo two
                  - <<: *base
                    name: c""";
        String fixed = fixAndRescan(manifest);

        assertThat(fixed).startsWith(manifest.substring(0, manifest.indexOf("  - <<: *base")));
        assertThat(fixed).contains("      echo two\n    securityContext:\n", "  - <<: *base\n    name: c\n")
                .endsWith("    emptyDir: {}\n");
        assertThat(fixed.split("- &base", -1)).hasSize(2);
    }

    @Test
    void fieldsUnderAMergedMapGoWhereTheMapIsDefined() throws IOException {
        String fixed = fixAndRescan("""
                apiVersion: v1
                kind: Pod
                metadata: {name: merged}
                spec:
                  containers:
                  - &base
                    name: a
                    image: b:1.0
                    securityContext:
                      runAsUser: 1001
                  - <<: *base
                    name: c
                """);

        assertThat(fixed).contains("""
                    securityContext:
                      runAsUser: 1001
                      allowPrivilegeEscalation: false
                """);
        assertThat(fixed.split("securityContext:", -1)).hasSize(3);
    }

    @Test
    void jsonFilesAreWrittenBackAsPrettyJson() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "fix/pod.json");

        JsonNode pod = JSON.readTree(result.out());
        JsonNode container = pod.get("spec").get("containers").get(0);
        assertThat(container.get("securityContext").get("runAsUser").asInt()).isEqualTo(1001);
        assertThat(container.get("securityContext").get("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(pod.get("spec").get("securityContext").get("seccompProfile").get("type").asText())
                .isEqualTo("RuntimeDefault");
        assertThat(result.out()).startsWith("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\n");

        Files.writeString(workDir.resolve("fixed.json"), result.out());
        assertThat(findings(CliRunner.run(workDir, "scan", "--format", "json", "fixed.json").out()))
                .doesNotContainAnyElementsOf(REMEDIABLE);
    }

    @Test
    void listItemsAreFixedInPlace() {
        String fixed = CliRunner.run(workDir, "fix", "fix/list.yaml").out();

        assertThat(fixed).contains("        - name: db\n"
                + "          image: registry.example.com/db:15.4\n"
                + "          securityContext:\n"
                + "            allowPrivilegeEscalation: false\n");
        assertThat(fixed).endsWith("- apiVersion: v1\n  kind: Service\n  metadata:\n    name: db\n");
    }

    @Test
    void outputDirGetsEveryFileAtItsRelativePathAndInputsStayUntouched() throws IOException {
        String original = read("fix/commented.yaml");

        CliRunner.Result result = CliRunner.run(workDir, "fix", "--output-dir", "out", "fix");

        assertThat(result.exitCode()).isZero();
        assertThat(read("fix/commented.yaml")).isEqualTo(original);
        assertThat(read("out/fix/commented.yaml")).isEqualTo(CliRunner.resource("fix-expected/commented.yaml"));
        try (Stream<Path> written = Files.list(workDir.resolve("out/fix"))) {
            assertThat(written.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("commented.yaml", "crlf.yaml", "explicit.yaml", "indented.yaml",
                            "list.yaml", "pod.json");
        }
        assertThat(result.err()).contains("fix/commented.yaml: written to out/fix/commented.yaml");
    }

    @Test
    void inPlaceRewritesOnlyTheFilesThatChange() throws IOException {
        Path compliant = workDir.resolve("compliant.yaml");
        Files.writeString(compliant, CliRunner.run(workDir, "fix", "fix/list.yaml").out());
        FileTime untouched = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(compliant, untouched);

        CliRunner.Result result = CliRunner.run(workDir, "fix", "--in-place", "fix/commented.yaml",
                "compliant.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(read("fix/commented.yaml")).isEqualTo(CliRunner.resource("fix-expected/commented.yaml"));
        assertThat(Files.getLastModifiedTime(compliant)).isEqualTo(untouched);
        assertThat(result.err()).contains("compliant.yaml: unchanged");
    }

    @Test
    void stdinIsFixedToStdoutOnly() {
        String manifest = CliRunner.resource("fix/explicit.yaml");
        CliRunner.Result toStdout = CliRunner.runWithStdin(workDir, manifest, "fix", "-");
        assertThat(toStdout.exitCode()).isZero();
        assertThat(toStdout.out()).contains("seccompProfile:");

        CliRunner.Result inPlace = CliRunner.runWithStdin(workDir, manifest, "fix", "--in-place", "-");
        assertThat(inPlace.exitCode()).isEqualTo(2);
        assertThat(inPlace.err()).contains("standard input (-) can only be fixed to standard output");
    }

    @Test
    void malformedDocumentsAreReportedAndLeftAsTheyWereWhileTheOthersAreFixed() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "malformed/broken.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("malformed/broken.yaml:15:5: ");
        String original = read("malformed/broken.yaml");
        String brokenDocument = original.substring(original.indexOf("---\n"), original.lastIndexOf("---\n"));
        assertThat(result.out()).contains(brokenDocument);
        assertThat(result.out().split("seccompProfile:", -1)).hasSize(3);
    }

    @Test
    void unparsableJsonIsLeftAsItWas() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "fix", "--in-place", "malformed/broken.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("malformed/broken.json: not fixed: the JSON could not be parsed",
                "malformed/broken.json:5:3: ");
        assertThat(read("malformed/broken.json")).isEqualTo(CliRunner.resource("malformed/broken.json"));
    }

    @Test
    void multipleFilesOnStdoutFormOneYamlStream() {
        String stream = CliRunner.run(workDir, "fix", "fix/explicit.yaml", "fix/list.yaml").out();

        assertThat(stream).contains("        - ALL\n---\napiVersion: v1\nkind: List\n");
    }

    private static final String STOCK_IMAGES = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx:1.16.0
                  - name: agent
                    image: registry.example/agent:2.1
                    securityContext:
                      runAsUser: 1000
            """;

    /** The pod may not take runAsNonRoot (a container runs as UID 0), so the others get their own. */
    private static final String ONE_ROOT_CONTAINER = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: tools
            spec:
              containers:
              - name: root
                image: registry.example/root:1
                securityContext:
                  runAsUser: 0
              - name: web
                image: nginx:1.16.0
            """;

    private static JsonNode yaml(String text) throws IOException {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void saysPerContainerWhatTheImageMustDoForTheAddedFieldsToLetItStart() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, STOCK_IMAGES, "fix", "-");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains(
                "  verify: container \"web\" (nginx:1.16.0): runAsNonRoot: true was added and no runAsUser is set, "
                        + "so the kubelet starts it only if the image's user is a non-root numeric UID",
                "or pass --run-as-user UID",
                "  verify: container \"web\" (nginx:1.16.0): readOnlyRootFilesystem: true was added, so it can write "
                        + "only to its volumes",
                "  verify: container \"agent\" (registry.example/agent:2.1): readOnlyRootFilesystem: true was added");
        assertThat(result.err()).as("agent runs as UID 1000: nothing to verify about its user")
                .doesNotContain("container \"agent\" (registry.example/agent:2.1): runAsNonRoot");
        assertThat(result.out()).doesNotContain("runAsUser: 1001");
    }

    @Test
    void runAsUserIsAddedBesideAnAddedPodRunAsNonRootAndLeavesContainersWithTheirOwnUid() throws IOException {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, STOCK_IMAGES, "fix", "--run-as-user", "1001", "-");

        assertThat(result.exitCode()).isZero();
        JsonNode pod = yaml(result.out()).at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asLong()).isEqualTo(1001);
        assertThat(pod.at("/containers/1/securityContext/runAsUser").asLong()).isEqualTo(1000);
        assertThat(pod.at("/containers/0/securityContext/runAsUser").isMissingNode()).isTrue();
        assertThat(result.err()).contains("  + spec.template.spec.securityContext.runAsUser: 1001")
                .doesNotContain("runAsNonRoot: true was added").contains("readOnlyRootFilesystem: true was added");
        CliRunner.Result rescan = CliRunner.runWithStdin(workDir, result.out(), "scan", "--format", "json", "-");
        assertThat(findings(rescan.out())).doesNotContain("run-as-non-root", "run-as-user");
    }

    @Test
    void runAsUserIsAddedBesideAnAddedContainerRunAsNonRoot() throws IOException {
        CliRunner.Result without = CliRunner.runWithStdin(workDir, ONE_ROOT_CONTAINER, "fix", "-");
        assertThat(without.err()).contains("verify: container \"web\" (nginx:1.16.0): runAsNonRoot: true was added");

        CliRunner.Result result = CliRunner.runWithStdin(workDir, ONE_ROOT_CONTAINER, "fix", "--run-as-user",
                "2000", "-");

        JsonNode spec = yaml(result.out()).at("/spec");
        assertThat(spec.at("/securityContext/runAsUser").isMissingNode()).isTrue();
        assertThat(spec.at("/containers/0/securityContext/runAsUser").asLong()).isZero();
        assertThat(spec.at("/containers/0/securityContext/runAsNonRoot").isMissingNode()).isTrue();
        assertThat(spec.at("/containers/1/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(spec.at("/containers/1/securityContext/runAsUser").asLong()).isEqualTo(2000);
        assertThat(result.err()).doesNotContain("runAsNonRoot: true was added");
    }

    @Test
    void runAsUserJoinsASecurityContextThatWasThereBefore() throws IOException {
        String withContext = STOCK_IMAGES.replace("    spec:\n      containers:",
                "    spec:\n      securityContext:\n        fsGroup: 2000\n      containers:");
        assertThat(withContext).contains("fsGroup: 2000");

        CliRunner.Result result = CliRunner.runWithStdin(workDir, withContext, "fix", "--run-as-user", "1001", "-");

        JsonNode pod = yaml(result.out()).at("/spec/template/spec/securityContext");
        assertThat(pod.get("fsGroup").asInt()).isEqualTo(2000);
        assertThat(pod.get("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.get("runAsUser").asLong()).isEqualTo(1001);
        assertThat(result.out()).containsOnlyOnce("runAsUser: 1001");
    }

    @Test
    void runAsUserMustBeANonRootUid() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, STOCK_IMAGES, "fix", "--run-as-user", "0", "-");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--run-as-user must be a non-root UID (1 or more), not 0");
        assertThat(result.out()).isEmpty();
    }
}
