package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ReadOnlyRootFilesystemCheckTest {

    private static final String APP_FIELD = "spec.containers[0].securityContext.readOnlyRootFilesystem";

    private final ReadOnlyRootFilesystemCheck check = new ReadOnlyRootFilesystemCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no security context", "containers: [{name: app, image: a:1}]", List.of(APP_FIELD)),
                arguments("unset", "containers: [{name: app, image: a:1, securityContext: {runAsUser: 1001}}]",
                        List.of(APP_FIELD)),
                arguments("true", "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: true}}]",
                        List.of()),
                arguments("false",
                        "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: false}}]",
                        List.of(APP_FIELD)),
                arguments("init container unset",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: true}}]",
                        List.of("spec.initContainers[0].securityContext.readOnlyRootFilesystem")),
                arguments("sidecar unset",
                        "initContainers: [{name: proxy, image: a:1, restartPolicy: Always}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: true}}]",
                        List.of("spec.initContainers[0].securityContext.readOnlyRootFilesystem")),
                arguments("second container unset",
                        "containers:\n"
                                + "- {name: a, image: a:1, securityContext: {readOnlyRootFilesystem: true}}\n"
                                + "- {name: b, image: b:1}",
                        List.of("spec.containers[1].securityContext.readOnlyRootFilesystem")),
                arguments("ephemeral containers are skipped",
                        "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: true}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of()),
                arguments("windows pods are skipped", "os: {name: windows}\ncontainers: [{name: app, image: a:1}]",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsWritableRootFilesystems(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameContainerAndField() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers: [{name: app, image: a:1, securityContext: {readOnlyRootFilesystem: false}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "init container \"setup\" must set securityContext.readOnlyRootFilesystem=true",
                "container \"app\" must set securityContext.readOnlyRootFilesystem=true, not false");
    }

    @Test
    void remediationSetsReadOnlyAndMountsOneSharedTmpVolume() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers:\n"
                + "- {name: app, image: a:1, volumeMounts: [{name: config, mountPath: /etc/app}]}\n"
                + "- {name: legacy, image: b:1, securityContext: {readOnlyRootFilesystem: false}}\n"
                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]\n"
                + "volumes: [{name: config, configMap: {name: app}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getInitContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(mounts(spec.getInitContainers().get(0))).containsExactly("shipshape-tmp:/tmp");
        assertThat(spec.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(mounts(spec.getContainers().get(0))).containsExactly("config:/etc/app", "shipshape-tmp:/tmp");
        assertThat(spec.getContainers().get(1).getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
        assertThat(spec.getContainers().get(1).getVolumeMounts()).isEmpty();
        assertThat(spec.getEphemeralContainers().get(0).getSecurityContext()).isNull();
        assertThat(spec.getVolumes()).extracting(Volume::getName).containsExactly("config", "shipshape-tmp");
        assertThat(spec.getVolumes().get(1).getEmptyDir()).isNotNull();
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.containers[1].securityContext.readOnlyRootFilesystem");
    }

    @Test
    void remediationKeepsAnExistingTmpMount() {
        Workload workload = pod("containers: [{name: app, image: a:1, volumeMounts: [{name: scratch, mountPath: /tmp/}]}]\n"
                + "volumes: [{name: scratch, emptyDir: {medium: Memory}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(mounts(workload.podSpec().getContainers().get(0))).containsExactly("scratch:/tmp/");
        assertThat(workload.podSpec().getVolumes()).extracting(Volume::getName).containsExactly("scratch");
    }

    @Test
    void remediationReusesAnExistingShipshapeTmpVolume() {
        Workload workload = pod("containers:\n"
                + "- {name: done, image: a:1, securityContext: {readOnlyRootFilesystem: true},"
                + " volumeMounts: [{name: shipshape-tmp, mountPath: /tmp}]}\n"
                + "- {name: app, image: b:1}\n"
                + "volumes: [{name: shipshape-tmp, emptyDir: {}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(mounts(workload.podSpec().getContainers().get(1))).containsExactly("shipshape-tmp:/tmp");
        assertThat(workload.podSpec().getVolumes()).extracting(Volume::getName).containsExactly("shipshape-tmp");
    }

    @Test
    void remediationPicksAnotherVolumeNameWhenTheNameIsTaken() {
        Workload workload = pod("containers: [{name: app, image: a:1}]\n"
                + "volumes: [{name: shipshape-tmp, configMap: {name: unrelated}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(mounts(workload.podSpec().getContainers().get(0))).containsExactly("shipshape-tmp-2:/tmp");
        assertThat(workload.podSpec().getVolumes()).extracting(Volume::getName)
                .containsExactly("shipshape-tmp", "shipshape-tmp-2");
        assertThat(workload.podSpec().getVolumes().get(0).getConfigMap().getName()).isEqualTo("unrelated");
        assertThat(workload.podSpec().getVolumes().get(1).getEmptyDir()).isNotNull();
    }

    @Test
    void remediationIsIdempotent() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();
        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(mounts(workload.podSpec().getContainers().get(0))).containsExactly("shipshape-tmp:/tmp");
        assertThat(workload.podSpec().getVolumes()).hasSize(1);
    }

    @Test
    void remediationLeavesContainersOutsideTheTargetAlone() {
        Workload workload = pod("containers: [{name: app, image: a:1}, {name: exempt, image: b:1}]");

        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isTrue();

        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext()).isNull();
        assertThat(workload.podSpec().getContainers().get(1).getVolumeMounts()).isEmpty();
    }

    @Test
    void remediationChangesNothingInWindowsPods() {
        Workload workload = pod("os: {name: windows}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(workload.podSpec().getVolumes()).isEmpty();
    }

    private static List<String> mounts(Container container) {
        return container.getVolumeMounts().stream().map(mount -> mount.getName() + ":" + mount.getMountPath()).toList();
    }
}
