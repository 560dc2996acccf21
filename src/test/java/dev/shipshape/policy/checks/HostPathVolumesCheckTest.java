package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.podWithFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HostPathVolumesCheckTest {

    private final HostPathVolumesCheck check = new HostPathVolumesCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no volumes", "", List.of()),
                arguments("emptyDir, configMap and secret",
                        "volumes: [{name: tmp, emptyDir: {}}, {name: cfg, configMap: {name: c}},"
                                + " {name: s, secret: {secretName: s}}]\n",
                        List.of()),
                arguments("other restricted types are left to volume-types",
                        "volumes: [{name: n, nfs: {server: nfs.example.com, path: /export}}]\n", List.of()),
                arguments("hostPath",
                        "volumes: [{name: tmp, emptyDir: {}}, {name: sock, hostPath: {path: /var/run/docker.sock}}]\n",
                        List.of("spec.volumes[1].hostPath")),
                arguments("hostPath without a path", "volumes: [{name: h, hostPath: {}}]\n",
                        List.of("spec.volumes[0].hostPath")),
                arguments("every hostPath volume",
                        "volumes: [{name: a, hostPath: {path: /a}}, {name: b, hostPath: {path: /b, type: Directory}}]\n",
                        List.of("spec.volumes[0].hostPath", "spec.volumes[1].hostPath")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsHostPathVolumes(String name, String podFields, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, podWithFields(podFields))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesVolumeAndPath() {
        assertThat(CheckFixtures.messages(check,
                podWithFields("volumes: [{name: sock, hostPath: {path: /var/run/docker.sock}}]\n")))
                .containsExactly("pod must not mount hostPath volume \"sock\" (path \"/var/run/docker.sock\")");
    }
}
