package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample manifests the README points at do what it says: the bad one is flagged, the hardened one passes. */
class SampleScanTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void badSampleIsFlaggedAndHardenedSampleIsClean() throws IOException {
        CliRunner.Result result = CliRunner.run(PROJECT, "scan", "--format", "json", "deploy/samples/workloads");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).as("the samples hold no NetworkPolicy").isNotEmpty()
                .allMatch(line -> line.startsWith("note: network-policy is not checked in namespace "));
        JsonNode report = JsonMapper.builder().build().readTree(result.out());
        JsonNode bad = null;
        JsonNode hardened = null;
        for (JsonNode workload : report.get("workloads")) {
            switch (workload.get("file").asText()) {
                case "deploy/samples/workloads/bad-deployment.yaml" -> bad = workload;
                case "deploy/samples/workloads/hardened-deployment.yaml" -> hardened = workload;
                default -> { }
            }
        }
        assertThat(bad).isNotNull();
        assertThat(hardened).isNotNull();
        List<String> badChecks = new ArrayList<>();
        bad.get("findings").forEach(finding -> badChecks.add(finding.get("checkId").asText()));
        assertThat(badChecks).contains("run-as-non-root", "run-as-user", "allow-privilege-escalation",
                "capabilities-drop-all", "read-only-root-filesystem", "resource-limits", "liveness-probe",
                "readiness-probe", "image-tag-pinned", "secret-env-literals", "automount-service-account-token");
        assertThat(hardened.get("compliant").asBoolean()).isTrue();
        assertThat(hardened.get("findings")).isEmpty();
    }

    @Test
    void hardenedSampleAloneExitsZero() {
        CliRunner.Result result = CliRunner.run(PROJECT, "scan", "deploy/samples/workloads/hardened-deployment.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Compliance score: 100.0%");
    }

    @Test
    void samplePolicyIsValid() {
        CliRunner.Result result = CliRunner.run(PROJECT, "scan", "--policy",
                "deploy/samples/policies/hardened-enforce.yaml", "deploy/samples/workloads");

        assertThat(result.err().lines()).as("no problem, only notes").allMatch(line -> line.startsWith("note: "));
        assertThat(result.exitCode()).isEqualTo(1);
    }
}
