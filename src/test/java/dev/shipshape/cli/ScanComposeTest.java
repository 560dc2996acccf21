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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Compose files in {@code scan}: each service checked with the catalogue's ids and the Compose-only checks. */
class ScanComposeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path workDir;

    private static JsonNode scan(Path workingDirectory, String... paths) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", "--format", "json"));
        args.addAll(List.of(paths));
        return JSON.readTree(CliRunner.run(new CliContext(new ByteArrayInputStream(new byte[0]), workingDirectory,
                false, CliRunner.CLOCK), args.toArray(String[]::new)).out());
    }

    private static List<String> findings(JsonNode report, String service) {
        List<String> found = new ArrayList<>();
        for (JsonNode workload : report.get("workloads")) {
            if (workload.at("/ref/name").asText().equals(service)) {
                workload.get("findings").forEach(finding -> found.add(finding.get("checkId").asText() + "@"
                        + finding.get("line").asInt()));
            }
        }
        return found;
    }

    @Test
    void theThreeTierSampleIsCleanAndTheLegacyOneFailsWhereTheReadmeSays() throws IOException {
        JsonNode hardened = scan(PROJECT, "deploy/samples/compose/compose.yaml");
        assertThat(hardened.get("workloads")).hasSize(3).allSatisfy(service -> {
            assertThat(service.at("/ref/kind").asText()).isEqualTo("ComposeService");
            assertThat(service.get("findings")).as(service.at("/ref/name").asText()).isEmpty();
        });

        JsonNode legacy = scan(PROJECT, "deploy/samples/compose/docker-compose.legacy.yml");
        assertThat(findings(legacy, "web")).contains("volume-types@6", "image-tag-pinned@4",
                "read-only-root-filesystem@3", "compose-default-network@3");
        assertThat(findings(legacy, "api")).contains("privileged@9", "host-namespaces@10", "secret-env-literals@12")
                .doesNotContain("image-tag-pinned@7", "compose-default-network@7");
        assertThat(findings(legacy, "db")).contains("run-as-user@15", "compose-database-ports@16",
                "secret-env-literals@18", "image-tag-pinned@14");
        String readme = Files.readString(PROJECT.resolve("deploy/samples/README.md"));
        legacy.get("workloads").forEach(service -> service.get("findings").forEach(finding ->
                assertThat(readme).contains("`" + finding.get("checkId").asText() + "`")));
    }

    @Test
    void aBaselineHoldsComposeFindingsByServiceAndCheck() throws IOException {
        Files.writeString(workDir.resolve("compose.yaml"), "services:\n  app:\n    image: app:1.0\n");
        assertThat(CliRunner.run(workDir, "scan", "--write-baseline", "baseline.json", ".").exitCode()).isZero();

        Files.writeString(workDir.resolve("compose.yaml"), "# moved\nservices:\n  app:\n    image: app:1.0\n"
                + "    privileged: true\n");
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "json", "--baseline", "baseline.json",
                ".");

        assertThat(findings(JSON.readTree(result.out()), "app")).as("privileged: true also unconfines seccomp")
                .containsExactlyInAnyOrder("privileged@5", "seccomp-restricted@3");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void composeServicesGetEveryFormat() throws IOException {
        Files.copy(PROJECT.resolve("deploy/samples/compose/docker-compose.legacy.yml"),
                workDir.resolve("docker-compose.yml"));

        JsonNode sarif = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "sarif", ".").out());
        assertThat(sarif.at("/runs/0/results").findValuesAsText("uri")).containsOnly("docker-compose.yml");
        assertThat(sarif.at("/runs/0/results").findValuesAsText("fullyQualifiedName"))
                .contains("ComposeService docker-compose.yml/db");
        String junit = CliRunner.run(workDir, "scan", "--format", "junit", ".").out();
        assertThat(junit).contains("<testcase name=\"compose-database-ports\" classname=\"ComposeService "
                + "docker-compose.yml/db\"").doesNotContain("name=\"readiness-probe\" classname=\"ComposeService");
        assertThat(CliRunner.run(workDir, "scan", "--format", "html", ".").out())
                .contains("service db", "compose-database-ports");
        assertThat(CliRunner.run(workDir, "scan", ".").out()).contains("  MEDIUM    compose-database-ports  "
                + "service db  line 16", "3 scanned (0 workloads, 3 Compose services): 0 compliant, 3 violating");
    }

    @Test
    void findingsAreWordedForComposeAndLocatedAtTheServiceField() throws IOException {
        JsonNode legacy = scan(PROJECT, "deploy/samples/compose/docker-compose.legacy.yml");
        JsonNode db = CliRunner.workload(legacy, "db");

        assertThat(db.at("/ref/namespace").asText()).isEqualTo("deploy/samples/compose/docker-compose.legacy.yml");
        assertThat(db.get("findings").findValuesAsText("message")).contains(
                "service db sets environment POSTGRES_PASSWORD to a literal value; use a Compose secret (secrets:)",
                "service db publishes database port 5432 on the host's interfaces",
                "service db must set read_only: true");
        assertThat(db.get("findings").findValuesAsText("path")).contains("environment.POSTGRES_PASSWORD",
                "ports[0]", "user");
        assertThat(db.get("findings").findValuesAsText("fix")).contains(
                "Set read_only: true and a tmpfs for each path the service writes, e.g. tmpfs: [/tmp].");
    }

    @Test
    void servicesAreMappedFieldByField() throws IOException {
        Files.writeString(workDir.resolve("compose.yaml"), """
                services:
                  tools:
                    image: busybox:1.37
                    user: "1000:1000"
                    read_only: true
                    cap_drop: [ALL]
                    cap_add: [NET_ADMIN]
                    security_opt: ["no-new-privileges=true", "apparmor=unconfined"]
                    pid: host
                    volumes:
                      - ./config:/etc/app:ro
                      - type: bind
                        source: /
                        target: /host
                    mem_limit: 256m
                    cpus: 0.5
                    healthcheck: {test: ["CMD", "true"]}
                    sysctls: {kernel.shm_rmid_forced: "1", net.core.somaxconn: "1024"}
                  cache:
                    image: redis:7.4
                    ports: ["127.0.0.1:6379:6379"]
                    networks: [back]
                    healthcheck: {disable: true}
                networks: {back: {}}
                """);

        JsonNode report = scan(workDir, "compose.yaml");

        assertThat(findings(report, "tools")).as("restricted's capabilities-drop-all judges cap_add")
                .containsExactlyInAnyOrder("host-namespaces@9", "capabilities-drop-all@7", "apparmor-profile@8",
                        "volume-types@10", "sysctls@18", "compose-default-network@2");
        assertThat(findings(report, "cache")).as("a loopback-bound port, a disabled healthcheck")
                .contains("liveness-probe@23").noneMatch(finding -> finding.startsWith("compose-database-ports"));
    }

    @Test
    void composeOnlyChecksCanBeIgnoredAndBrokenServicesAreInputErrors() throws IOException {
        Files.writeString(workDir.resolve("docker-compose.yml"), """
                services:
                  a: {image: "postgres:17", ports: ["5432:5432"]}
                  b: {image: "alpine:3.20", mem_limit: lots}
                """);

        CliRunner.Result broken = CliRunner.run(workDir, "scan", "docker-compose.yml");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("docker-compose.yml:3:", "service b: mem_limit \"lots\" is not a size");

        Files.writeString(workDir.resolve("docker-compose.yml"), """
                services:
                  a: {image: "postgres:17", ports: ["5432:5432"]}
                """);
        JsonNode ignored = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "--ignore-check",
                "compose-database-ports", "docker-compose.yml").out());
        assertThat(findings(ignored, "a")).noneMatch(finding -> finding.startsWith("compose-database-ports"));
        JsonNode all = JSON.readTree(CliRunner.run(workDir, "scan", "--format", "json", "docker-compose.yml").out());
        assertThat(findings(all, "a")).contains("compose-database-ports@2");
    }

    @Test
    void fixFillsInWhatIsSafeKeepsTheRestAndLimitsOnlyWhenGiven() throws IOException {
        Files.copy(PROJECT.resolve("deploy/samples/compose/docker-compose.legacy.yml"),
                workDir.resolve("docker-compose.yml"));
        String original = Files.readString(workDir.resolve("docker-compose.yml"));

        CliRunner.Result withoutLimits = CliRunner.run(workDir, "fix", "docker-compose.yml");
        assertThat(withoutLimits.exitCode()).isZero();
        assertThat(withoutLimits.out()).doesNotContain("limits").contains("read_only: true", "- /tmp",
                "- no-new-privileges:true", "- ALL");
        assertThat(withoutLimits.err()).contains("docker-compose.yml:3: service web: filled in read_only: true, "
                + "tmpfs: [/tmp], security_opt += no-new-privileges:true, cap_drop += ALL",
                "no limits set: pass --memory-limit and --cpus to fill them in", "verify: service web: read_only");
        assertThat(withoutLimits.out().lines().toList()).as("every line of the file is kept, comments too")
                .containsSubsequence(original.lines().toList());

        CliRunner.Result fixed = CliRunner.run(workDir, "fix", "--in-place", "--memory-limit", "256m", "--cpus",
                "0.5", "docker-compose.yml");
        assertThat(fixed.exitCode()).isZero();
        JsonNode rescan = scan(workDir, "docker-compose.yml");
        for (String service : List.of("web", "api", "db")) {
            assertThat(findings(rescan, service)).as(service).noneMatch(finding -> finding.startsWith(
                    "read-only-root-filesystem") || finding.startsWith("allow-privilege-escalation")
                    || finding.startsWith("capabilities-drop-all") || finding.startsWith("resource-limits"));
        }
        CliRunner.Result again = CliRunner.run(workDir, "fix", "docker-compose.yml");
        assertThat(again.err()).contains("docker-compose.yml: unchanged");
        assertThat(CliRunner.run(workDir, "fix", "--memory-limit", "lots", "docker-compose.yml").exitCode())
                .isEqualTo(2);
    }

    @Test
    void fixAppendsToListsThatAreThere() throws IOException {
        Files.writeString(workDir.resolve("compose.yaml"), """
                services:
                  app:
                    image: app:1.0
                    security_opt: ["apparmor=docker-default"]
                    cap_drop:
                      - NET_RAW
                """);

        String fixed = CliRunner.run(workDir, "fix", "compose.yaml").out();

        assertThat(fixed).contains("security_opt: [\"apparmor=docker-default\", no-new-privileges:true]",
                "    cap_drop:\n      - NET_RAW\n      - ALL\n");
    }
}
