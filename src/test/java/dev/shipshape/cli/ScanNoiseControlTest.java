package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shipshape.policy.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Baselines, ignored checks, several outputs, the summary and the order of findings. */
class ScanNoiseControlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "scan");
    }

    private static List<String> checkIds(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("workloads").forEach(workload -> workload.get("findings")
                .forEach(finding -> ids.add(finding.get("checkId").asText())));
        return ids;
    }

    @Test
    void aBaselineFailsTheScanOnlyOnFindingsItDoesNotHold() throws IOException {
        CliRunner.Result written = CliRunner.run(workDir, "scan", "--write-baseline", "baseline.json",
                "scan/apps/web.yaml");
        assertThat(written.exitCode()).as("writing a baseline accepts what is there").isZero();
        assertThat(written.err()).contains("shipshape: wrote ", " to the baseline baseline.json");
        JsonNode baseline = JSON.readTree(workDir.resolve("baseline.json").toFile());
        assertThat(baseline.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(baseline.get("findings")).allSatisfy(finding -> {
            assertThat(finding.get("fingerprint").asText()).hasSize(32);
            assertThat(finding.get("workload").asText()).isEqualTo("Deployment default/web");
        });

        CliRunner.Result same = CliRunner.run(workDir, "scan", "--baseline", "baseline.json", "scan/apps/web.yaml");
        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).contains("no new findings", "new findings: 0 critical, 0 high, 0 medium, 0 low",
                "in baseline baseline.json");

        // moved lines and a new finding: only the new one counts
        String web = Files.readString(workDir.resolve("scan/apps/web.yaml"));
        Files.writeString(workDir.resolve("scan/apps/web.yaml"), "# moved down\n\n\n" + web.replace(
                "image: nginx:1.25.3", "image: nginx:1.25.3\n        securityContext:\n          privileged: true"));
        CliRunner.Result changed = CliRunner.run(workDir, "scan", "--format", "json", "--baseline", "baseline.json",
                "scan/apps/web.yaml");
        assertThat(changed.exitCode()).isEqualTo(1);
        JsonNode report = JSON.readTree(changed.out());
        assertThat(checkIds(report)).containsExactly("privileged");
        assertThat(report.at("/workloads/0/baselineFindings").size()).isPositive();
        assertThat(report.at("/summary/baselineFindings").asInt()).isEqualTo(report.at("/workloads/0/baselineFindings")
                .size());
    }

    @Test
    void aMissingOrBrokenBaselineIsAnInputError() throws IOException {
        CliRunner.Result missing = CliRunner.run(workDir, "scan", "--baseline", "absent.json", "scan");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.json: no such baseline file; write one with --write-baseline");

        Files.writeString(workDir.resolve("broken.json"), "{\"findings\": 3}");
        CliRunner.Result broken = CliRunner.run(workDir, "scan", "--baseline", "broken.json", "scan");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("broken.json: not a baseline: expected {\"schemaVersion\": 1");
    }

    @Test
    void ignoredChecksAreNotRunAndAMisspeltIdIsAUsageError() throws IOException {
        JsonNode all = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "scan/apps/web.yaml").out());
        assertThat(checkIds(all)).contains("run-as-non-root", "resource-limits");

        JsonNode some = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "--ignore-check",
                "run-as-non-root", "--ignore-check", "resource-limits", "scan/apps/web.yaml").out());
        assertThat(checkIds(some)).isNotEmpty().doesNotContain("run-as-non-root", "resource-limits");
        assertThat(some.at("/policy/checks").findValuesAsText("id")).doesNotContain("run-as-non-root");

        CliRunner.Result typo = CliRunner.run(workDir, "scan", "--ignore-check", "run-as-nonroot", "scan");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("--ignore-check run-as-nonroot: no such check; did you mean run-as-non-root?");
    }

    @Test
    void oneScanWritesSeveralReports() throws IOException {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--output", "sarif=out/shipshape.sarif",
                "-o", "junit=out/junit.xml", "--output", "json=report.json", "scan");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Compliance score:");
        JsonNode sarif = JSON.readTree(workDir.resolve("out/shipshape.sarif").toFile());
        JsonNode json = JSON.readTree(workDir.resolve("report.json").toFile());
        assertThat(sarif.at("/runs/0/results").size()).isPositive();
        assertThat(json.at("/summary/workloads").asInt()).isEqualTo(5);
        assertThat(Files.readString(workDir.resolve("out/junit.xml"))).startsWith("<?xml").contains("<testsuites");
        assertThat(result.err()).contains("shipshape: wrote the sarif report to ");

        CliRunner.Result bad = CliRunner.run(workDir, "scan", "--output", "sarif", "scan");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--output takes FORMAT=FILE");
        CliRunner.Result unknown = CliRunner.run(workDir, "scan", "--output", "pdf=x.pdf", "scan");
        assertThat(unknown.err()).contains("--output pdf=x.pdf: expected one of table, json, sarif, junit, html");
    }

    @Test
    void findingsAreListedMostSevereFirst() throws IOException {
        JsonNode report = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "scan").out());
        for (JsonNode workload : report.get("workloads")) {
            List<Severity> severities = new ArrayList<>();
            workload.get("findings").forEach(finding -> severities.add(Severity.find(finding.get("severity")
                    .asText()).orElseThrow()));
            assertThat(severities).isSorted();
        }
        String table = CliRunner.run(workDir, "scan", "scan/apps/multi.yaml").out();
        assertThat(table.indexOf("CRITICAL")).isLessThan(table.indexOf("MEDIUM"));
    }

    @Test
    void theSummaryCountsFindingsAndWorkloadsPerCheckInsteadOfListingWorkloads() {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--summary", "scan");

        assertThat(result.out()).doesNotContain("fix: ").contains("SEVERITY  CHECK", "FINDINGS WORKLOADS",
                "Compliance score:");
        String row = result.out().lines().filter(line -> line.contains(" run-as-non-root ")).findFirst()
                .orElseThrow();
        assertThat(row).startsWith("HIGH").matches(".*run-as-non-root\\s+\\d+\\s+\\d+");
        assertThat(result.exitCode()).isEqualTo(1);
    }
}
