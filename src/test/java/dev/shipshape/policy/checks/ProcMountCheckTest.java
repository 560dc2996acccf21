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

class ProcMountCheckTest {

    private final ProcMountCheck check = new ProcMountCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("Default", "containers: [{name: app, image: a:1, securityContext: {procMount: Default}}]",
                        List.of()),
                arguments("Unmasked", "containers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of("spec.containers[0].securityContext.procMount")),
                arguments("any other value", "containers: [{name: app, image: a:1, securityContext: {procMount: default}}]",
                        List.of("spec.containers[0].securityContext.procMount")),
                arguments("hostUsers true is not a user namespace",
                        "hostUsers: true\ncontainers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of("spec.containers[0].securityContext.procMount")),
                arguments("hostUsers false allows Unmasked",
                        "hostUsers: false\n"
                                + "initContainers: [{name: i, image: a:1, securityContext: {procMount: Unmasked}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of()),
                arguments("every container type",
                        "initContainers: [{name: i, image: a:1, securityContext: {procMount: Unmasked}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {procMount: Default}}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of("spec.initContainers[0].securityContext.procMount",
                                "spec.ephemeralContainers[0].securityContext.procMount")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnmaskedProcMountsOutsideUserNamespaces(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerValueAndRelaxation() {
        String podSpec = "containers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "container \"app\" must not set securityContext.procMount to \"Unmasked\" unless the pod sets hostUsers: false");
    }
}
