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

class SeccompBaselineCheckTest {

    private final SeccompBaselineCheck check = new SeccompBaselineCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set is fine at baseline", "containers: [{name: app, image: a:1}]", List.of()),
                arguments("RuntimeDefault and Localhost",
                        "securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: app, image: a:1, securityContext:"
                                + " {seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}}}]",
                        List.of()),
                arguments("pod Unconfined",
                        "securityContext: {seccompProfile: {type: Unconfined}}\ncontainers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.seccompProfile.type")),
                arguments("container Unconfined under a good pod profile",
                        "securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]",
                        List.of("spec.containers[0].securityContext.seccompProfile.type")),
                arguments("profile without a type",
                        "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {}}}]",
                        List.of("spec.containers[0].securityContext.seccompProfile.type")),
                arguments("annotation values are not types",
                        "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: runtime/default}}}]",
                        List.of("spec.containers[0].securityContext.seccompProfile.type")),
                arguments("windows pods are not relaxed",
                        "os: {name: windows}\nsecurityContext: {seccompProfile: {type: Unconfined}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of("spec.securityContext.seccompProfile.type")),
                arguments("init and ephemeral containers",
                        "initContainers: [{name: i, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]\n"
                                + "containers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: e, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]",
                        List.of("spec.initContainers[0].securityContext.seccompProfile.type",
                                "spec.ephemeralContainers[0].securityContext.seccompProfile.type")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsForbiddenSeccompProfiles(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameSetterAndValue() {
        String podSpec = "securityContext: {seccompProfile: {type: Unconfined}}\n"
                + "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {}}}]";
        assertThat(CheckFixtures.messages(check, pod(podSpec))).containsExactly(
                "pod must not set securityContext.seccompProfile.type to \"Unconfined\"",
                "container \"app\" must not set securityContext.seccompProfile.type to \"\"");
    }
}
