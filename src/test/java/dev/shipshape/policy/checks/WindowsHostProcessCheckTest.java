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

class WindowsHostProcessCheckTest {

    private final WindowsHostProcessCheck check = new WindowsHostProcessCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("windowsOptions without hostProcess",
                        "securityContext: {windowsOptions: {runAsUserName: ContainerUser}}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {windowsOptions: {}}}]",
                        List.of()),
                arguments("hostProcess false",
                        "securityContext: {windowsOptions: {hostProcess: false}}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {windowsOptions: {hostProcess: false}}}]",
                        List.of()),
                arguments("pod level",
                        "os: {name: windows}\nhostNetwork: true\nsecurityContext: {windowsOptions: {hostProcess: true}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.windowsOptions.hostProcess")),
                arguments("container level",
                        "containers: [{name: app, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]",
                        List.of("spec.containers[0].securityContext.windowsOptions.hostProcess")),
                arguments("pod and every container type",
                        "securityContext: {windowsOptions: {hostProcess: true}}\n"
                                + "initContainers: [{name: i, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]",
                        List.of("spec.securityContext.windowsOptions.hostProcess",
                                "spec.initContainers[0].securityContext.windowsOptions.hostProcess",
                                "spec.containers[0].securityContext.windowsOptions.hostProcess",
                                "spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsHostProcess(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNamePodOrContainer() {
        String podSpec = "securityContext: {windowsOptions: {hostProcess: true}}\n"
                + "containers: [{name: agent, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "pod must not set securityContext.windowsOptions.hostProcess=true",
                "container \"agent\" must not set securityContext.windowsOptions.hostProcess=true");
    }
}
