package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SeLinuxOptionsCheckTest {

    private final SeLinuxOptionsCheck check = new SeLinuxOptionsCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("empty options", "securityContext: {seLinuxOptions: {}}\n"
                        + "containers: [{name: app, image: a:1, securityContext: {seLinuxOptions: {}}}]", List.of()),
                arguments("empty strings", "securityContext: {seLinuxOptions: {type: '', user: '', role: ''}}\n"
                        + "containers: [{name: app, image: a:1}]", List.of()),
                arguments("container_t", onContainer("{type: container_t}"), List.of()),
                arguments("container_init_t", onContainer("{type: container_init_t}"), List.of()),
                arguments("container_kvm_t", onContainer("{type: container_kvm_t}"), List.of()),
                arguments("container_engine_t", onContainer("{type: container_engine_t}"), List.of()),
                arguments("level may be set", onContainer("{type: container_t, level: 's0:c123,c456'}"), List.of()),
                arguments("spc_t", onContainer("{type: spc_t}"),
                        List.of("spec.containers[0].securityContext.seLinuxOptions.type")),
                arguments("unconfined_t", onContainer("{type: unconfined_t}"),
                        List.of("spec.containers[0].securityContext.seLinuxOptions.type")),
                arguments("user", onContainer("{user: system_u}"),
                        List.of("spec.containers[0].securityContext.seLinuxOptions.user")),
                arguments("role", onContainer("{role: system_r}"),
                        List.of("spec.containers[0].securityContext.seLinuxOptions.role")),
                arguments("type, user and role, one finding each",
                        onContainer("{type: spc_t, user: system_u, role: system_r, level: s0}"),
                        List.of("spec.containers[0].securityContext.seLinuxOptions.type",
                                "spec.containers[0].securityContext.seLinuxOptions.user",
                                "spec.containers[0].securityContext.seLinuxOptions.role")),
                arguments("pod level",
                        "securityContext: {seLinuxOptions: {type: spc_t, user: system_u, role: system_r}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.seLinuxOptions.type", "spec.securityContext.seLinuxOptions.user",
                                "spec.securityContext.seLinuxOptions.role")),
                arguments("init and ephemeral containers",
                        "initContainers: [{name: i, image: a:1, securityContext: {seLinuxOptions: {role: r}}}]\n"
                                + "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {seLinuxOptions: {type: spc_t}}}]",
                        List.of("spec.initContainers[0].securityContext.seLinuxOptions.role",
                                "spec.ephemeralContainers[0].securityContext.seLinuxOptions.type")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsForbiddenOptions(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameSetterOptionAndValue() {
        String podSpec = "securityContext: {seLinuxOptions: {user: system_u}}\n"
                + "containers: [{name: app, image: a:1, securityContext: {seLinuxOptions: {type: spc_t}}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "pod must not set securityContext.seLinuxOptions.user to \"system_u\"",
                "container \"app\" must not set securityContext.seLinuxOptions.type to \"spc_t\"");
    }

    private static String onContainer(String seLinuxOptions) {
        return "containers: [{name: app, image: a:1, securityContext: {seLinuxOptions: " + seLinuxOptions + "}}]";
    }
}
