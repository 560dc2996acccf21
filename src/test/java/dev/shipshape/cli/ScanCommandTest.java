package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.cli.input.CliContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "scan", "malformed", "policies", "exemptions", "network");
    }

    private JsonNode scanJson(CliRunner.Result result) throws IOException {
        return JSON.readTree(result.out());
    }

    private static List<String> workloadNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("workloads").forEach(workload -> names.add(workload.get("file").asText() + " "
                + workload.get("ref").get("kind").asText() + " " + workload.get("ref").get("namespace").asText()
                + "/" + workload.get("ref").get("name").asText()));
        return names;
    }

    private static List<String> checkIds(JsonNode workload) {
        List<String> ids = new ArrayList<>();
        workload.get("findings").forEach(finding -> ids.add(finding.get("checkId").asText()));
        return ids;
    }


    @Test
    void scansFolderRecursivelyInPathOrderAndSkipsHiddenAndOtherFilesAndKinds() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "scan");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).as("no problem, only notes and the unknown kind")
                .allMatch(line -> line.startsWith("note: ") || line.startsWith("scan/apps/widget.yml:2:1: warning: "
                        + "1 object of unknown kind example.com/v1/Widget not scanned"));
        JsonNode report = scanJson(result);
        assertThat(workloadNames(report)).containsExactly(
                "scan/apps/list.yaml CronJob batch/report",
                "scan/apps/multi.yaml Deployment shop/api",
                "scan/apps/multi.yaml Pod shop/debug",
                "scan/apps/pod.json Pod shop/json-pod",
                "scan/apps/web.yaml Deployment default/web");
        JsonNode summary = report.get("summary");
        assertThat(summary.get("workloads").asInt()).isEqualTo(5);
        assertThat(summary.get("compliant").asInt()).isEqualTo(1);
        assertThat(summary.get("violating").asInt()).isEqualTo(4);
        // Service, ConfigMap, the Namespace list item and the unknown Widget kind
        assertThat(summary.get("skippedDocuments").asInt()).isEqualTo(4);
        assertThat(summary.get("inputErrors").asInt()).isZero();
        assertThat(summary.get("complianceScore").asDouble()).isEqualTo(20.0);
        assertThat(summary.get("failed").asBoolean()).isTrue();
    }

    @Test
    void multiDocumentYamlKeepsDocumentPositionsAndLines() throws IOException {
        JsonNode report = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/multi.yaml"));

        JsonNode api = CliRunner.workload(report, "api");
        assertThat(api.get("document").asInt()).isEqualTo(2);
        assertThat(api.get("line").asInt()).isEqualTo(12);
        assertThat(api.get("compliant").asBoolean()).isTrue();
        JsonNode debug = CliRunner.workload(report, "debug");
        assertThat(debug.get("document").asInt()).isEqualTo(4);
        assertThat(debug.get("line").asInt()).isEqualTo(51);
        JsonNode privileged = debug.get("findings").get(0);
        assertThat(privileged.get("checkId").asText()).isEqualTo("privileged");
        assertThat(privileged.get("severity").asText()).isEqualTo("critical");
        assertThat(privileged.get("container").asText()).isEqualTo("shell");
        assertThat(privileged.get("path").asText()).isEqualTo("spec.containers[0].securityContext.privileged");
        assertThat(privileged.get("line").asInt()).isEqualTo(61);
        assertThat(privileged.get("fix").asText()).isNotBlank();
    }

    @Test
    void listItemsAreScannedAsObjectsAndTypedListsLendTheirKind() throws IOException {
        JsonNode report = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/list.yaml"));
        JsonNode cronJob = CliRunner.workload(report, "report");
        assertThat(cronJob.get("line").asInt()).isEqualTo(10);
        assertThat(checkIds(cronJob)).doesNotContain("liveness-probe", "readiness-probe");

        String typedList = """
                apiVersion: apps/v1
                kind: DeploymentList
                items:
                - metadata: {name: from-typed-list, namespace: shop}
                  spec:
                    template:
                      spec:
                        containers:
                        - {name: app, image: nginx:1.25.3, securityContext: {privileged: true}}
                """;
        JsonNode typed = scanJson(CliRunner.runWithStdin(workDir, typedList, "scan", "--format", "json", "-"));
        JsonNode deployment = CliRunner.workload(typed, "from-typed-list");
        assertThat(deployment.get("ref").get("kind").asText()).isEqualTo("Deployment");
        assertThat(deployment.get("ref").get("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(deployment.get("line").asInt()).isEqualTo(4);
        assertThat(checkIds(deployment)).contains("privileged");
    }

    @Test
    void stdinIsScannedAsFileNamedStdin() throws IOException {
        String manifest = CliRunner.resource("scan/apps/web.yaml");
        CliRunner.Result result = CliRunner.runWithStdin(workDir, manifest, "scan", "--format", "json", "-");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode web = CliRunner.workload(scanJson(result), "web");
        assertThat(web.get("file").asText()).isEqualTo("stdin");
        assertThat(web.get("line").asInt()).isEqualTo(2);
    }

    @Test
    void jsonOnStdinAndJsonFilesAreRead() throws IOException {
        String pod = CliRunner.resource("scan/apps/pod.json");
        JsonNode fromStdin = scanJson(CliRunner.runWithStdin(workDir, pod, "scan", "--format", "json", "-"));
        JsonNode fromFile = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/pod.json"));

        for (JsonNode report : List.of(fromStdin, fromFile)) {
            JsonNode jsonPod = CliRunner.workload(report, "json-pod");
            JsonNode hostNetwork = jsonPod.get("findings").get(0);
            assertThat(hostNetwork.get("checkId").asText()).isEqualTo("host-namespaces");
            assertThat(hostNetwork.get("container").isNull()).isTrue();
            assertThat(hostNetwork.get("line").asInt()).isEqualTo(9);
        }
    }

    @Test
    void unknownKindsAreNamedAndInputWithoutAnyWorkloadFailsUnlessAllowed() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/widget.yml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("scan/apps/widget.yml:2:1: warning: 1 object of unknown kind "
                        + "example.com/v1/Widget not scanned: not a built-in Kubernetes kind, and no "
                        + "CustomResourceDefinition in the input declares it",
                "shipshape: no workload found among the input's 1 object, so nothing was checked");
        JsonNode summary = scanJson(result).get("summary");
        assertThat(summary.get("workloads").asInt()).isZero();
        assertThat(summary.get("skippedDocuments").asInt()).isEqualTo(1);
        assertThat(summary.get("complianceScore").isNull()).isTrue();
        assertThat(summary.get("unknownKinds").get(0).get("kind").asText()).isEqualTo("Widget");

        CliRunner.Result allowed = CliRunner.run(workDir, "scan", "--no-fail-on-empty", "scan/apps/widget.yml");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).contains("1 object of unknown kind example.com/v1/Widget not scanned");
    }

    @Test
    void objectsWithoutNamespaceGetTheDefaultOrTheGivenOne() throws IOException {
        JsonNode byDefault = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/web.yaml"));
        JsonNode given = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "--namespace", "team-a",
                "scan/apps/web.yaml"));

        assertThat(CliRunner.workload(byDefault, "web").get("ref").get("namespace").asText()).isEqualTo("default");
        assertThat(CliRunner.workload(given, "web").get("ref").get("namespace").asText()).isEqualTo("team-a");
    }

    @Test
    void failOnDecidesTheExitCode() {
        assertThat(CliRunner.run(workDir, "scan", "scan/apps/web.yaml").exitCode()).isEqualTo(1);
        assertThat(CliRunner.run(workDir, "scan", "--fail-on", "critical", "scan/apps/web.yaml").exitCode())
                .isZero();
        assertThat(CliRunner.run(workDir, "scan", "--fail-on", "HIGH", "scan/apps/web.yaml").exitCode())
                .isEqualTo(1);
        assertThat(CliRunner.run(workDir, "scan", "--fail-on", "critical", "scan/apps/multi.yaml").exitCode())
                .isEqualTo(1);
    }

    @Test
    void pssVersionDecidesAsPodSecurityAdmissionOfThatVersion() {
        String rootInUserNamespace = """
                apiVersion: v1
                kind: Pod
                metadata: {name: sandbox, namespace: shop}
                spec:
                  hostUsers: false
                  securityContext: {runAsUser: 0, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: build
                    image: registry.example.com/ci/builder:2.1.0
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """;

        CliRunner.Result latest = CliRunner.runWithStdin(workDir, rootInUserNamespace, "scan", "--profile",
                "restricted", "-");
        CliRunner.Result pinned = CliRunner.runWithStdin(workDir, rootInUserNamespace, "scan", "--profile",
                "restricted", "--pss-version", "v1.34", "-");
        CliRunner.Result overPolicy = CliRunner.runWithStdin(workDir, rootInUserNamespace, "scan", "--policy",
                "policies/restricted-policy.yaml", "--pss-version", "v1.34", "-");

        assertThat(latest.exitCode()).as(latest.out()).isZero();
        assertThat(pinned.exitCode()).isEqualTo(1);
        assertThat(pinned.out()).contains("run-as-user");
        assertThat(overPolicy.out()).contains("run-as-user");
    }

    @Test
    void pssVersionMustBeAVersion() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--pss-version", "1.34", "scan/apps/web.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--pss-version", "expected latest or a Kubernetes version v1.N", "'1.34'");
    }

    @Test
    void compliantInputExitsZero() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, CliRunner.resource("scan/apps/multi.yaml")
                .substring(0, CliRunner.resource("scan/apps/multi.yaml").indexOf("kind: ConfigMap")), "scan", "-");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("stdin:12  Deployment shop/api  compliant",
                "Compliance score: 100.0% (1 of 1 workloads compliant)");
    }

    @Test
    void malformedYamlIsReportedWithFileLineAndColumnAndTheRestIsStillScanned() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "malformed/broken.yaml",
                "scan/apps/web.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("malformed/broken.yaml:15:5: ");
        JsonNode report = scanJson(result);
        assertThat(workloadNames(report)).containsExactly(
                "malformed/broken.yaml Pod default/before",
                "malformed/broken.yaml Pod default/after",
                "scan/apps/web.yaml Deployment default/web");
        assertThat(CliRunner.workload(report, "after").get("line").asInt()).isEqualTo(17);
        assertThat(checkIds(CliRunner.workload(report, "after"))).contains("host-namespaces");
        JsonNode error = report.get("errors").get(0);
        assertThat(error.get("file").asText()).isEqualTo("malformed/broken.yaml");
        assertThat(error.get("line").asInt()).isEqualTo(15);
        assertThat(error.get("column").asInt()).isEqualTo(5);
    }

    @Test
    void wrongTypedFieldIsReportedAtTheLineOfTheField() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "malformed/wrong-type.yaml", "scan/apps/web.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("malformed/wrong-type.yaml:12:11: "
                + "spec.template.spec.containers[0].ports[0].containerPort: expected an integer");
        assertThat(result.out()).contains("scan/apps/web.yaml:2  Deployment default/web");
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "malformed/broken.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("malformed/broken.json:5:3: ");
    }

    @Test
    void missingPathIsAnInputErrorButOtherPathsAreScanned() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "no-such.yaml", "scan/apps/web.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such.yaml: no such file or folder");
        assertThat(result.out()).contains("Deployment default/web");
    }

    @Test
    void emptyInputIsClean() {
        CliRunner.Result result = CliRunner.runWithStdin(workDir, "---\n# nothing here\n---\n", "scan", "-");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("0 workloads scanned", "0 non-workload documents skipped");
    }

    @Test
    void yamlOneOneBooleansAreReadAsKubernetesReadsThem() throws IOException {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: yes-pod}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25.3
                    securityContext: {privileged: yes}
                """;
        JsonNode report = scanJson(CliRunner.runWithStdin(workDir, pod, "scan", "--format", "json", "-"));

        assertThat(checkIds(CliRunner.workload(report, "yes-pod"))).contains("privileged");
    }

    @Test
    void yamlAliasBombIsRefusedWithAClearError() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char previous = 'a';
        for (char name = 'b'; name <= 'k'; name++) {
            bomb.append(name).append(": &").append(name).append(" [");
            for (int i = 0; i < 12; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = name;
        }
        CliRunner.Result result = CliRunner.runWithStdin(workDir, bomb.toString(), "scan", "-");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("stdin:").contains("aliases");
    }

    @Test
    void validPolicyFileAppliesItsChecksMatchExemptionsAndDenySeverity() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "--policy",
                "policies/restricted-policy.yaml", "scan");

        JsonNode report = scanJson(result);
        assertThat(report.get("policy").get("name").asText()).isEqualTo("restricted-shop");
        assertThat(report.get("policy").get("profile").asText()).isEqualTo("restricted");
        assertThat(report.get("policy").get("failOn").asText()).isEqualTo("high");
        assertThat(CliRunner.workload(report, "web").get("matched").asBoolean()).isFalse();
        assertThat(report.get("summary").get("notMatched").asInt()).isEqualTo(2);
        JsonNode jsonPod = CliRunner.workload(report, "json-pod");
        assertThat(checkIds(jsonPod)).doesNotContain("host-namespaces", "read-only-root-filesystem");
        assertThat(jsonPod.get("exemptFindings").get(0).get("reason").asText())
                .isEqualTo("exemption #0: the node agent needs the host network");
        JsonNode debug = CliRunner.workload(report, "debug");
        assertThat(debug.get("findings")).anySatisfy(finding -> {
            assertThat(finding.get("checkId").asText()).isEqualTo("privileged");
            assertThat(finding.get("severity").asText()).isEqualTo("medium");
        });
        assertThat(debug.get("expiredExemptions").get(0).get("expires").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void exemptionsThePolicyDelegatesAreHonouredAndTheOthersNamed() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "--policy",
                "policies/delegating-policy.yaml", "--exemptions", "exemptions/web.yaml", "scan/apps/web.yaml");

        JsonNode web = CliRunner.workload(scanJson(result), "web");
        assertThat(checkIds(web)).doesNotContain("read-only-root-filesystem", "resource-limits")
                .contains("liveness-probe", "readiness-probe");
        List<String> reasons = new ArrayList<>();
        web.get("exemptFindings").forEach(exempt -> reasons.add(exempt.get("reason").asText()));
        assertThat(reasons).isNotEmpty().allSatisfy(reason -> assertThat(reason).isEqualTo(
                "HardeningExemption default/web-read-only: nginx writes its cache to /var/cache/nginx (SEC-1234)"));
        assertThat(result.err().lines().filter(line -> !line.startsWith("note: ")).toList()).containsExactly(
                "exemptions/web.yaml:17:1: warning: HardeningExemption default/web-forever is ignored: "
                        + "HardeningPolicy delegating refuses it: expires 2027-12-31T00:00:00Z is more than 30 days "
                        + "after 2026-06-01T00:00:00Z",
                "exemptions/web.yaml:28:1: warning: HardeningExemption default/elsewhere does not name or select "
                        + "the policy delegating; it is ignored");
    }

    @Test
    void anInvalidExemptionOrOneWithoutAPolicyIsAnInputProblem() {
        CliRunner.Result invalid = CliRunner.run(workDir, "scan", "--policy", "policies/delegating-policy.yaml",
                "--exemptions", "exemptions/invalid.yaml", "scan/apps/web.yaml");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("exemptions/invalid.yaml:8:12: spec.checks[0]: unknown check "
                + "\"run-as-nonroot\" (did you mean \"run-as-non-root\"?)");

        CliRunner.Result withoutPolicy = CliRunner.run(workDir, "scan", "--exemptions", "exemptions/web.yaml",
                "scan/apps/web.yaml");
        assertThat(withoutPolicy.exitCode()).isEqualTo(2);
        assertThat(withoutPolicy.err()).contains("--exemptions needs --policy");
    }

    @Test
    void networkSegmentationIsDecidedFromTheScannedNetworkPoliciesAndNamedOnceWhereThereAreNone()
            throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "network");

        JsonNode report = scanJson(result);
        assertThat(checkIds(CliRunner.workload(report, "web"))).doesNotContain("network-policy");
        assertThat(checkIds(CliRunner.workload(report, "worker"))).contains("network-policy");
        assertThat(CliRunner.workload(report, "worker").get("findings")).anySatisfy(finding -> assertThat(
                finding.get("message").asText()).isEqualTo(
                "no NetworkPolicy in namespace shop selects its pods {app=worker} for ingress"));
        assertThat(checkIds(CliRunner.workload(report, "api"))).doesNotContain("network-policy");
        assertThat(checkIds(CliRunner.workload(report, "ledger"))).doesNotContain("network-policy");
        assertThat(result.err().lines().filter(line -> line.contains("network-policy")).toList()).containsExactly(
                "note: network-policy is not checked in namespace payments: the input holds no NetworkPolicy for "
                        + "it; scan its NetworkPolicies with the workloads");
    }

    @Test
    void policyDenySeverityIsTheDefaultFailOn() {
        String onlyMedium = """
                apiVersion: v1
                kind: Pod
                metadata: {name: medium-only, namespace: shop}
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    image: nginx:1.25.3
                    securityContext:
                      privileged: true
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                """;
        String policy = "policies/restricted-policy.yaml";
        assertThat(CliRunner.runWithStdin(workDir, onlyMedium, "scan", "--policy", policy, "-").exitCode()).isZero();
        assertThat(CliRunner.runWithStdin(workDir, onlyMedium, "scan", "--policy", policy, "--fail-on", "medium", "-")
                .exitCode()).isEqualTo(1);
    }

    @Test
    void namespaceSelectorsSeeTheLabelsOfNamespacesInTheInput() throws IOException {
        Path policy = workDir.resolve("data-team.yaml");
        Files.writeString(policy, """
                apiVersion: shipshape.dev/v1alpha1
                kind: HardeningPolicy
                metadata: {name: data-team}
                spec:
                  match:
                    namespaceSelector:
                      matchLabels: {team: data}
                """);
        JsonNode withNamespace = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "--policy",
                "data-team.yaml", "scan/apps/list.yaml", "scan/apps/web.yaml"));
        assertThat(CliRunner.workload(withNamespace, "report").get("matched").asBoolean()).isTrue();
        assertThat(CliRunner.workload(withNamespace, "web").get("matched").asBoolean()).isFalse();

        Files.writeString(policy, Files.readString(policy).replace("{team: data}",
                "{kubernetes.io/metadata.name: default}"));
        JsonNode byName = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "--policy", "data-team.yaml",
                "scan/apps/web.yaml"));
        assertThat(CliRunner.workload(byName, "web").get("matched").asBoolean()).isTrue();
    }

    @Test
    void invalidPolicyExitsTwoListingEveryProblemWithItsLine() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--policy", "policies/invalid-policy.yaml", "scan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                "policies/invalid-policy.yaml:8:5: spec.checks[0].id: unknown check \"privilegd\" "
                        + "(did you mean \"privileged\"?)",
                "policies/invalid-policy.yaml:11:7: spec.checks[1].params.requireDigest: must be \"true\" or "
                        + "\"false\", got \"maybe\"",
                "policies/invalid-policy.yaml:14:18: spec.exemptions[0].namespaces[0]: \"legacy-[0-9]\" uses '[' "
                        + "at position 7; only '*' and '?' are supported as wildcards",
                "policies/invalid-policy.yaml:13:5: spec.exemptions[0].reason: required");
    }

    @Test
    void wrongTypedPolicyFieldIsReportedAtItsLine() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--policy", "policies/wrong-type-policy.yaml", "scan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("policies/wrong-type-policy.yaml:7:3: spec.mode: must be one of "
                + "Enforce, Warn, Audit, got \"Enfroce\"\n");
    }

    @Test
    void policyFileWithoutAPolicyIsAnInputError() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--policy", "scan/apps/web.yaml", "scan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("scan/apps/web.yaml: no HardeningPolicy");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRunner.Result both = CliRunner.run(workDir, "scan", "--profile", "baseline", "--policy",
                "policies/restricted-policy.yaml", "scan");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive", "Try 'shipshape scan --help'");

        CliRunner.Result format = CliRunner.run(workDir, "scan", "--format", "pdf", "scan");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("expected one of table, json, sarif, junit, html, got 'pdf'");

        assertThat(CliRunner.run(workDir, "scan", "--profile", "strict", "scan").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run(workDir, "scan").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run(workDir).exitCode()).isEqualTo(2);
        assertThat(CliRunner.run(workDir, "scna").err()).contains("Did you mean", "scan");
    }

    @Test
    void profileSelectsTheChecks() throws IOException {
        JsonNode baseline = scanJson(CliRunner.run(workDir, "scan", "--format", "json", "--profile", "baseline",
                "scan/apps/web.yaml"));

        assertThat(baseline.get("policy").get("profile").asText()).isEqualTo("baseline");
        assertThat(CliRunner.workload(baseline, "web").get("compliant").asBoolean()).isTrue();
    }

    @Test
    void tableGroupsFindingsByWorkloadWithFixHintsAndSummary() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "scan/apps/multi.yaml", "scan/apps/widget.yml");

        assertThat(result.out()).contains(
                "scan/apps/multi.yaml:12  Deployment shop/api  compliant",
                "scan/apps/multi.yaml:51  Pod shop/debug  13 findings",
                "  CRITICAL  privileged  container shell  line 61",
                "container \"shell\" must not set securityContext.privileged=true",
                "fix: Remove securityContext.privileged or set it to false.",
                "2 workloads scanned: 1 compliant, 1 violating; 0 exempt findings; findings: 1 critical, ",
                "; 3 non-workload documents skipped",
                "Compliance score: 50.0% (1 of 2 workloads compliant)");
        assertThat(result.out()).doesNotContain("\u001B[");
    }

    @Test
    void colorsOnlyOnATerminalAndNeverWithNoColor() {
        CliContext terminal = new CliContext(new ByteArrayInputStream(new byte[0]), workDir, true, CliRunner.CLOCK);

        assertThat(CliRunner.run(terminal, "scan", "scan/apps/web.yaml").out()).contains("\u001B[31mHIGH");
        assertThat(CliRunner.run(terminal, "scan", "--no-color", "scan/apps/web.yaml").out())
                .doesNotContain("\u001B[");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("scan", "fix", "checks")) {
            CliRunner.Result help = CliRunner.run(workDir, command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: shipshape " + command, "Examples:");
        }
        CliRunner.Result top = CliRunner.run(workDir, "--help");
        assertThat(top.out()).contains("Commands:", "scan", "fix", "checks", "version", "Exit codes:", "Examples:");
        assertThat(CliRunner.run(workDir, "help", "scan").out()).contains("--fail-on=SEVERITY");
    }

    @Test
    void versionIsPrintedByTheCommandAndTheOption() {
        CliRunner.Result command = CliRunner.run(workDir, "version");
        CliRunner.Result option = CliRunner.run(workDir, "--version");

        assertThat(command.exitCode()).isZero();
        assertThat(command.out()).startsWith("shipshape ").contains("Java ");
        assertThat(option.out()).isEqualTo(command.out());
    }

    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: storefront, namespace: shop}
            spec:
              strategy: {canary: {steps: [{setWeight: 20}]}}
              template:
                metadata: {labels: {app: storefront}}
                spec:
                  containers:
                  - name: web
                    image: registry.example.com/shop/web:2.3.1
                    securityContext: {privileged: true}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              template:
                spec: {containers: [{name: api, image: "registry.example.com/shop/api:1.0.0"}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: storefront, namespace: shop}
            spec: {ports: [{port: 80}]}
            """;

    @Test
    void objectsOfAnUndeclaredKindWithAPodTemplateAreNamedWithTheDeclarationThatScansThem() throws IOException {
        java.nio.file.Files.writeString(workDir.resolve("rollouts.yaml"), ROLLOUT);

        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "rollouts.yaml");

        assertThat(result.err()).contains("rollouts.yaml:2:1: warning: 2 objects of kind argoproj.io/v1alpha1/Rollout "
                + "skipped: they "
                + "carry a pod template at spec.template but the kind is not declared; declare it with "
                + "--workload-kind argoproj.io/v1alpha1/Rollout=spec.template").doesNotContain("Service");
        JsonNode summary = scanJson(result).get("summary");
        assertThat(summary.get("workloads").asInt()).isZero();
        assertThat(summary.get("undeclaredKinds")).singleElement().satisfies(kind -> {
            assertThat(kind.get("objects").asInt()).isEqualTo(2);
            assertThat(kind.get("declaration").asText()).isEqualTo("argoproj.io/v1alpha1/Rollout=spec.template");
        });
        assertThat(CliRunner.run(workDir, "scan", "rollouts.yaml").out())
                .contains("2 objects of undeclared kind argoproj.io/v1alpha1/Rollout not scanned (see stderr)");
    }

    @Test
    void aDeclaredKindIsScannedLikeABuiltInOne() throws IOException {
        java.nio.file.Files.writeString(workDir.resolve("rollouts.yaml"), ROLLOUT);

        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "--workload-kind",
                "argoproj.io/v1alpha1/Rollout=spec.template", "rollouts.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("warning");
        JsonNode report = scanJson(result);
        assertThat(workloadNames(report)).containsExactly("rollouts.yaml Rollout shop/storefront",
                "rollouts.yaml Rollout shop/checkout");
        assertThat(checkIds(CliRunner.workload(report, "storefront"))).contains("privileged");
        assertThat(CliRunner.workload(report, "storefront").get("findings").get(0).get("line").asInt()).isPositive();
    }

    @Test
    void aMalformedDeclarationIsAUsageErrorNamingTheOption() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--workload-kind", "Rollout", "scan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--workload-kind").contains("expected GROUP/VERSION/KIND");
    }

    @Test
    void aBuiltInKindUnderAWrongApiVersionIsNamedAsSuch() throws IOException {
        java.nio.file.Files.writeString(workDir.resolve("typo.yaml"), """
                apiVersion: app/v1
                kind: Deployment
                metadata: {name: web}
                spec: {template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}}
                """);

        assertThat(CliRunner.run(workDir, "scan", "typo.yaml").err()).contains("typo.yaml:2:1: warning: 1 object of "
                + "kind app/v1/Deployment skipped: the apiVersion app/v1 is not one of the built-in Deployment's; "
                + "check it");
    }
}
