package dev.shipshape.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing and a passing service for every check that applies to Compose files, as pod checks have their fixtures:
 * each row is one service's fields (flow-style YAML) and whether the check fails on it.
 */
class ComposeChecksTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    /** Every field a hardened service sets, so that a row's own fields decide the row's check alone. */
    private static final String HARDENED = "image: app:1.0, user: \"10001\", read_only: true, tmpfs: [/tmp], "
            + "cap_drop: [ALL], security_opt: [\"no-new-privileges:true\"], networks: [back], mem_limit: 256m, "
            + "cpus: 0.5, healthcheck: {test: [CMD, /healthz]}";

    private static final String ROWS = """
            privileged                 | privileged: true                                       | true
            privileged                 | privileged: false                                      | false
            host-namespaces            | network_mode: host                                     | true
            host-namespaces            | pid: host                                              | true
            host-namespaces            | ipc: shareable                                         | false
            volume-types               | volumes: ["/var/run/docker.sock:/var/run/docker.sock"] | true
            volume-types               | volumes: ["/etc:/host-etc:ro"]                           | true
            volume-types               | volumes: ["./config:/etc/app", "data:/data"]            | false
            capabilities-drop-all      | cap_add: [SYS_ADMIN]                                   | true
            capabilities-drop-all      | cap_add: [NET_BIND_SERVICE]                            | false
            apparmor-profile           | security_opt: ["apparmor=unconfined"]                  | true
            seccomp-restricted         | security_opt: ["seccomp=unconfined"]                   | true
            seccomp-restricted         | security_opt: ["no-new-privileges:true", "seccomp=profile.json"] | false
            sysctls                    | sysctls: {kernel.msgmax: "65536"}                      | true
            sysctls                    | sysctls: {net.ipv4.ip_local_port_range: "1024 65535"}  | false
            allow-privilege-escalation | security_opt: []                                       | true
            run-as-non-root            | user: root                                             | true
            run-as-non-root            | user: app                                              | false
            run-as-user                | user: "0:0"                                            | true
            run-as-user                | user: "1000:1000"                                      | false
            read-only-root-filesystem  | read_only: false                                       | true
            resource-limits            | mem_limit: null                                        | true
            resource-limits            | mem_limit: null, deploy: {resources: {limits: {memory: 1g}}} | false
            liveness-probe             | healthcheck: {disable: true}                           | true
            liveness-probe             | healthcheck: {test: [NONE]}                            | true
            image-tag-pinned           | image: app                                             | true
            image-tag-pinned           | image: null, build: .                                  | false
            secret-env-literals        | environment: {API_TOKEN: abc}                          | true
            secret-env-literals        | environment: [API_TOKEN_FILE=/run/secrets/t]           | false
            compose-database-ports     | image: postgres:17, ports: ["5432:5432"]                 | true
            compose-database-ports     | image: app:1.0, ports: ["8080:3306"]                     | true
            compose-database-ports     | image: mysql:8, ports: ["127.0.0.1:3306:3306"]           | false
            compose-database-ports     | image: app:1.0, ports: ["8080:8080"]                     | false
            compose-default-network    | networks: null                                         | true
            compose-default-network    | networks: [front]                                      | false
            """;

    /** The checks of a one-row Compose file: the row's service beside a second, segmented one. */
    private static Set<String> failing(String fields) throws Exception {
        String service = "{" + HARDENED + ", " + fields + "}";
        JsonNode compose = YAML.readTree("services:\n  app: " + service + "\n  other: {" + HARDENED + "}\n");
        Set<String> ids = new HashSet<>();
        for (ComposeEvaluator.EvaluatedService evaluated : ComposeEvaluator.evaluate(
                CompiledPolicy.forProfile(Profile.HARDENED), compose, "compose.yaml", Set.of())) {
            if (evaluated.service().name().equals("app")) {
                evaluated.findings().stream().map(Finding::checkId).forEach(ids::add);
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "{0}: {1} fails={2}")
    @CsvSource(delimiter = '|', textBlock = ROWS)
    void eachCheckFailsAndPassesOnItsFixture(String check, String fields, boolean fails) throws Exception {
        Set<String> found = failing(fields.replace(": null", ": ~"));

        if (fails) {
            assertThat(found).contains(check);
        } else {
            assertThat(found).doesNotContain(check);
        }
    }

    @Test
    void theHardenedServiceFailsNothingAndEveryComposeCheckHasAFailingFixture() throws Exception {
        assertThat(failing("user: \"10001\"")).isEmpty();
        Set<String> withFailingRows = new HashSet<>();
        ROWS.lines().map(row -> row.split("\\|")).filter(cells -> cells[2].strip().equals("true"))
                .forEach(cells -> withFailingRows.add(cells[0].strip()));
        Set<String> composeChecks = new HashSet<>(ComposeChecks.CATALOGUE_MEANINGS.keySet());
        ComposeChecks.composeOnly().forEach(check -> composeChecks.add(check.id()));
        composeChecks.removeAll(List.of("host-path-volumes", "seccomp-baseline", "capabilities-baseline"));
        assertThat(withFailingRows).as("replaced in the hardened profile by volume-types, seccomp-restricted and "
                + "capabilities-drop-all, which have rows").containsAll(composeChecks);
        assertThat(Stream.of("host-path-volumes", "seccomp-baseline", "capabilities-baseline"))
                .allMatch(ComposeChecks.CATALOGUE_MEANINGS::containsKey);
    }
}
