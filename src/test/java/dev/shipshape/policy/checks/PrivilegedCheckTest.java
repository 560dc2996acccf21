package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PrivilegedCheckTest {

    private final PrivilegedCheck check = new PrivilegedCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no security context", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("privileged unset", "containers: [{name: app, image: a:1, securityContext: {}}]", List.of()),
                arguments("privileged false",
                        "containers: [{name: app, image: a:1, securityContext: {privileged: false}}]", List.of()),
                arguments("privileged true",
                        "containers: [{name: app, image: a:1, securityContext: {privileged: true}}]",
                        List.of("spec.containers[0].securityContext.privileged")),
                arguments("privileged init container",
                        "initContainers: [{name: init, image: a:1, securityContext: {privileged: true}}]\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.initContainers[0].securityContext.privileged")),
                arguments("privileged ephemeral container",
                        "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: dbg, image: a:1, securityContext: {privileged: true}}]",
                        List.of("spec.ephemeralContainers[0].securityContext.privileged")),
                arguments("second of two containers",
                        "containers: [{name: a, image: a:1}, {name: b, image: b:1, securityContext: {privileged: true}}]",
                        List.of("spec.containers[1].securityContext.privileged")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsPrivilegedContainers(String name, String podSpec, List<String> expectedPaths) {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + podSpec.indent(2);
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(pod))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerAndField() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                + "  initContainers: [{name: setup, image: a:1, securityContext: {privileged: true}}]\n";
        assertThat(CheckFixtures.messages(check, CheckFixtures.workload(pod)))
                .containsExactly("init container \"setup\" must not set securityContext.privileged=true");
    }
}
