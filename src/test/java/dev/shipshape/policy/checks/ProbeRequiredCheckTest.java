package dev.shipshape.policy.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The table test of {@link LivenessProbeCheckTest} and {@link ReadinessProbeCheckTest}, for either probe. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProbeRequiredCheckTest {

    private final ProbeRequiredCheck check;
    private final String probeField;
    private final String probe;
    private final String otherProbeField;

    /**
     * @param probe the required probe as a container field, e.g. {@code livenessProbe: {...}}
     * @param otherProbeField a probe that does not count for {@code check}
     */
    ProbeRequiredCheckTest(ProbeRequiredCheck check, String probeField, String probe, String otherProbeField) {
        this.check = check;
        this.probeField = probeField;
        this.probe = probe;
        this.otherProbeField = otherProbeField;
    }

    Stream<Arguments> cases() {
        return Stream.of(
                arguments("deployment without probe", Manifests.deployment("containers: [{name: app, image: a:1}]"),
                        List.of("spec.template.spec.containers[0]." + probeField)),
                arguments("deployment with probe",
                        Manifests.deployment("containers: [{name: app, image: a:1, " + probe + "}]"), List.of()),
                arguments("second container without probe",
                        Manifests.deployment("containers: [{name: a, image: a:1, " + probe + "}, "
                                + "{name: b, image: b:1}]"),
                        List.of("spec.template.spec.containers[1]." + probeField)),
                arguments(otherProbeField + " does not count",
                        Manifests.deployment("containers: [{name: app, image: a:1, "
                                + otherProbeField + ": {tcpSocket: {port: 8080}}}]"),
                        List.of("spec.template.spec.containers[0]." + probeField)),
                arguments("startup probe does not count",
                        Manifests.deployment("containers: [{name: app, image: a:1, "
                                + "startupProbe: {tcpSocket: {port: 8080}}}]"),
                        List.of("spec.template.spec.containers[0]." + probeField)),
                arguments("init containers and sidecars need none",
                        Manifests.deployment("initContainers: [{name: init, image: a:1}, "
                                + "{name: proxy, image: p:1, restartPolicy: Always}]\n"
                                + "containers: [{name: app, image: a:1, " + probe + "}]"),
                        List.of()),
                arguments("ephemeral containers need none",
                        Manifests.pod("Always", "containers: [{name: app, image: a:1, " + probe + "}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]"),
                        List.of()),
                arguments("job", Manifests.job("containers: [{name: task, image: a:1}]"), List.of()),
                arguments("cron job", Manifests.cronJob("containers: [{name: task, image: a:1}]"), List.of()),
                arguments("pod restarting Never", Manifests.pod("Never", "containers: [{name: app, image: a:1}]"),
                        List.of()),
                arguments("pod restarting OnFailure",
                        Manifests.pod("OnFailure", "containers: [{name: app, image: a:1}]"), List.of()),
                arguments("pod restarting Always", Manifests.pod("Always", "containers: [{name: app, image: a:1}]"),
                        List.of("spec.containers[0]." + probeField)),
                arguments("pod with default restart policy", Manifests.pod("containers: [{name: app, image: a:1}]"),
                        List.of("spec.containers[0]." + probeField)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsLongRunningContainersWithoutTheProbe(String name, String manifest, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, CheckFixtures.workload(manifest))).isEqualTo(expectedPaths);
    }

    @Test
    void messageNamesContainerAndField() {
        assertThat(CheckFixtures.messages(check, CheckFixtures.workload(
                Manifests.deployment("containers: [{name: web, image: a:1}]"))))
                .containsExactly("container \"web\" must define a " + probeField);
    }

    @Test
    void hasNoRemediation() {
        assertThat(check.descriptor().remediable()).isFalse();
    }
}
