package dev.shipshape.policy.checks;

import dev.shipshape.policy.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProcMountRestrictedCheckTest {

    private final ProcMountRestrictedCheck check = new ProcMountRestrictedCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("Default", "hostUsers: false\n"
                        + "containers: [{name: app, image: a:1, securityContext: {procMount: Default}}]", List.of()),
                arguments("Unmasked", "containers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of("spec.containers[0].securityContext.procMount")),
                arguments("hostUsers false does not relax restricted",
                        "hostUsers: false\n"
                                + "initContainers: [{name: i, image: a:1, securityContext: {procMount: Unmasked}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {procMount: Unmasked}}]",
                        List.of("spec.initContainers[0].securityContext.procMount",
                                "spec.containers[0].securityContext.procMount",
                                "spec.ephemeralContainers[0].securityContext.procMount")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnmaskedProcMountsEvenInUserNamespaces(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void isRestrictedAndReplacesTheBaselineCheck() {
        assertThat(check.descriptor().profile()).isEqualTo(Profile.RESTRICTED);
        assertThat(check.descriptor().overrides()).containsExactly(new ProcMountCheck().descriptor().id());
    }

    @Test
    void messageNamesContainerAndValue() {
        String podSpec = "hostUsers: false\ncontainers: [{name: app, image: a:1, securityContext: {procMount: Unmasked}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec)))
                .containsExactly("container \"app\" must not set securityContext.procMount to \"Unmasked\"");
    }
}
