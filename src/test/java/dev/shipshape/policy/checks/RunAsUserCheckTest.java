package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RunAsUserCheckTest {

    private static final String POD_FIELD = "spec.securityContext.runAsUser";
    private static final String APP_FIELD = "spec.containers[0].securityContext.runAsUser";

    private final RunAsUserCheck check = new RunAsUserCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("pod root", "securityContext: {runAsUser: 0}\ncontainers: [{name: app, image: a:1}]",
                        List.of(POD_FIELD)),
                arguments("pod non-root", "securityContext: {runAsUser: 1001}\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("container root", "containers: [{name: app, image: a:1, securityContext: {runAsUser: 0}}]",
                        List.of(APP_FIELD)),
                arguments("container non-root",
                        "containers: [{name: app, image: a:1, securityContext: {runAsUser: 65534}}]", List.of()),
                arguments("pod root under non-root container",
                        "securityContext: {runAsUser: 0}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsUser: 1001}}]",
                        List.of(POD_FIELD)),
                arguments("container root under non-root pod",
                        "securityContext: {runAsUser: 1001}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsUser: 0}}]",
                        List.of(APP_FIELD)),
                arguments("init container root",
                        "initContainers: [{name: init, image: a:1, securityContext: {runAsUser: 0}}]\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.initContainers[0].securityContext.runAsUser")),
                arguments("ephemeral container root",
                        "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: debug, image: a:1, securityContext: {runAsUser: 0}}]",
                        List.of("spec.ephemeralContainers[0].securityContext.runAsUser")),
                arguments("root group is not this check",
                        "securityContext: {runAsGroup: 0}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsGroup: 0}}]",
                        List.of()),
                arguments("user namespace allows root",
                        "hostUsers: false\nsecurityContext: {runAsUser: 0}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsUser: 0}}]",
                        List.of()),
                arguments("host users true", "hostUsers: true\nsecurityContext: {runAsUser: 0}\n"
                        + "containers: [{name: app, image: a:1}]", List.of(POD_FIELD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExplicitRootUser(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNamePodOrContainerAndField() {
        Workload workload = pod("securityContext: {runAsUser: 0}\n"
                + "initContainers: [{name: setup, image: a:1, securityContext: {runAsUser: 0}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "pod must not set securityContext.runAsUser=0",
                "init container \"setup\" must not set securityContext.runAsUser=0");
    }

    @Test
    void hasNoRemediation() {
        Workload workload = pod("securityContext: {runAsUser: 0}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.descriptor().remediable()).isFalse();
        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getSecurityContext().getRunAsUser()).isZero();
    }
}
