package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LivenessProbeCheckTest {

    private static final String PROBE = "livenessProbe: {httpGet: {path: /healthz, port: 8080}}";

    private final LivenessProbeCheck check = new LivenessProbeCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("deployment without probe", ProbeManifests.deployment("containers: [{name: app, image: a:1}]"),
                        List.of("spec.template.spec.containers[0].livenessProbe")),
                arguments("deployment with probe",
                        ProbeManifests.deployment("containers: [{name: app, image: a:1, " + PROBE + "}]"), List.of()),
                arguments("second container without probe",
                        ProbeManifests.deployment("containers: [{name: a, image: a:1, " + PROBE + "}, {name: b, image: b:1}]"),
                        List.of("spec.template.spec.containers[1].livenessProbe")),
                arguments("readiness probe does not count",
                        ProbeManifests.deployment("containers: [{name: app, image: a:1, "
                                + "readinessProbe: {tcpSocket: {port: 8080}}}]"),
                        List.of("spec.template.spec.containers[0].livenessProbe")),
                arguments("startup probe does not count",
                        ProbeManifests.deployment("containers: [{name: app, image: a:1, "
                                + "startupProbe: {tcpSocket: {port: 8080}}}]"),
                        List.of("spec.template.spec.containers[0].livenessProbe")),
                arguments("init containers and sidecars need none",
                        ProbeManifests.deployment("initContainers: [{name: init, image: a:1}, "
                                + "{name: proxy, image: p:1, restartPolicy: Always}]\n"
                                + "containers: [{name: app, image: a:1, " + PROBE + "}]"),
                        List.of()),
                arguments("ephemeral containers need none",
                        ProbeManifests.pod("Always", "containers: [{name: app, image: a:1, " + PROBE + "}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]"),
                        List.of()),
                arguments("job", ProbeManifests.job("containers: [{name: task, image: a:1}]"), List.of()),
                arguments("cron job", ProbeManifests.cronJob("containers: [{name: task, image: a:1}]"), List.of()),
                arguments("pod restarting Never", ProbeManifests.pod("Never", "containers: [{name: app, image: a:1}]"),
                        List.of()),
                arguments("pod restarting OnFailure",
                        ProbeManifests.pod("OnFailure", "containers: [{name: app, image: a:1}]"), List.of()),
                arguments("pod restarting Always", ProbeManifests.pod("Always", "containers: [{name: app, image: a:1}]"),
                        List.of("spec.containers[0].livenessProbe")),
                arguments("pod with default restart policy", ProbeManifests.pod(null, "containers: [{name: app, image: a:1}]"),
                        List.of("spec.containers[0].livenessProbe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsLongRunningContainersWithoutLivenessProbe(String name, String manifest, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(manifest))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerAndField() {
        assertThat(CheckFixtures.messages(check, CheckFixtures.workload(
                ProbeManifests.deployment("containers: [{name: web, image: a:1}]"))))
                .containsExactly("container \"web\" must define a livenessProbe");
    }

    @Test
    void hasNoRemediation() {
        assertThat(check.descriptor().remediable()).isFalse();
    }

    @Test
    void fixtures() {
        CheckFixtures.assertFixtures(check);
    }
}
