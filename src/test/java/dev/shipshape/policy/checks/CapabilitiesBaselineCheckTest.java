package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CapabilitiesBaselineCheckTest {

    private final CapabilitiesBaselineCheck check = new CapabilitiesBaselineCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no capabilities", "containers: [{name: app, image: a:1, securityContext: {capabilities: {}}}]",
                        List.of()),
                arguments("drop only",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [ALL, SYS_ADMIN]}}}]",
                        List.of()),
                arguments("empty add", "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: []}}}]",
                        List.of()),
                arguments("non-default capability",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[0]")),
                arguments("NET_RAW is not in the default set",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [NET_RAW]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[0]")),
                arguments("ALL", "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [ALL]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[0]")),
                arguments("names are case-sensitive and unprefixed",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [chown, CAP_CHOWN]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[0]",
                                "spec.containers[0].securityContext.capabilities.add[1]")),
                arguments("only the forbidden entries of a mixed list",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities:"
                                + " {add: [NET_BIND_SERVICE, NET_ADMIN, CHOWN, SYS_PTRACE]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[1]",
                                "spec.containers[0].securityContext.capabilities.add[3]")),
                arguments("every container type",
                        "initContainers: [{name: i, image: a:1, securityContext: {capabilities: {add: [NET_ADMIN]}}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [KILL]}}}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {capabilities: {add: [SYS_PTRACE]}}}]",
                        List.of("spec.initContainers[0].securityContext.capabilities.add[0]",
                                "spec.ephemeralContainers[0].securityContext.capabilities.add[0]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsNonDefaultCapabilities(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
            "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"})
    void allowsEveryDefaultCapability(String capability) {
        String podSpec = "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [" + capability + "]}}}]";
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEmpty();
    }

    @Test
    void messageNamesContainerAndCapability() {
        String podSpec = "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [CHOWN, SYS_ADMIN]}}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "container \"app\" must not add capability \"SYS_ADMIN\" (securityContext.capabilities.add)");
    }
}
