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

class HostPortsCheckTest {

    private final HostPortsCheck check = new HostPortsCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no ports", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("container port only",
                        "containers: [{name: app, image: a:1, ports: [{containerPort: 8080}]}]", List.of()),
                arguments("hostPort 0", "containers: [{name: app, image: a:1, ports: [{containerPort: 80, hostPort: 0}]}]",
                        List.of()),
                arguments("hostPort set",
                        "containers: [{name: app, image: a:1, ports: [{containerPort: 80, hostPort: 80}]}]",
                        List.of("spec.containers[0].ports[0].hostPort")),
                arguments("only the ports with a hostPort",
                        "containers: [{name: app, image: a:1, ports: [{containerPort: 8080},"
                                + " {containerPort: 9090, hostPort: 9090}, {containerPort: 53, hostPort: 53, protocol: UDP}]}]",
                        List.of("spec.containers[0].ports[1].hostPort", "spec.containers[0].ports[2].hostPort")),
                arguments("init container",
                        "initContainers: [{name: init, image: a:1, ports: [{containerPort: 80, hostPort: 8080}]}]\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.initContainers[0].ports[0].hostPort")),
                arguments("ephemeral container",
                        "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: dbg, image: a:1, ports: [{containerPort: 1, hostPort: 1}]}]",
                        List.of("spec.ephemeralContainers[0].ports[0].hostPort")),
                arguments("host network pods are not relaxed",
                        "hostNetwork: true\ncontainers: [{name: app, image: a:1, ports: [{containerPort: 80, hostPort: 80}]}]",
                        List.of("spec.containers[0].ports[0].hostPort")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryHostPort(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerPortAndValue() {
        String podSpec = "containers: [{name: web, image: a:1, ports: [{containerPort: 80}, {containerPort: 443, hostPort: 8443}]}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec)))
                .containsExactly("container \"web\" must not set ports[1].hostPort to 8443");
    }
}
