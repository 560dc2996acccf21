package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RunAsNonRootCheckTest extends RequiredSecurityContextSettingCheckTest {

    private static final String POD_FIELD = "spec.securityContext.runAsNonRoot";
    private static final String APP_FIELD = "spec.containers[0].securityContext.runAsNonRoot";

    RunAsNonRootCheckTest() {
        super(new RunAsNonRootCheck());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of(APP_FIELD)),
                arguments("pod true", "securityContext: {runAsNonRoot: true}\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("pod true, container false",
                        "securityContext: {runAsNonRoot: true}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: false}}]",
                        List.of(APP_FIELD)),
                arguments("pod false is reported once at the pod",
                        "securityContext: {runAsNonRoot: false}\n"
                                + "containers: [{name: app, image: a:1}, {name: b, image: b:1}]",
                        List.of(POD_FIELD)),
                arguments("pod false, container true",
                        "securityContext: {runAsNonRoot: false}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: true}}]",
                        List.of(POD_FIELD)),
                arguments("pod false, container false",
                        "securityContext: {runAsNonRoot: false}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: false}}]",
                        List.of(POD_FIELD, APP_FIELD)),
                arguments("every container true",
                        "initContainers: [{name: init, image: a:1, securityContext: {runAsNonRoot: true}}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: true}}]",
                        List.of()),
                arguments("init container unset",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: true}}]",
                        List.of("spec.initContainers[0].securityContext.runAsNonRoot")),
                arguments("ephemeral container unset",
                        "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: true}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of("spec.ephemeralContainers[0].securityContext.runAsNonRoot")),
                arguments("ephemeral container covered by pod",
                        "securityContext: {runAsNonRoot: true}\ncontainers: [{name: app, image: a:1}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of()),
                arguments("user namespace, nothing set", "hostUsers: false\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("user namespace, pod false",
                        "hostUsers: false\nsecurityContext: {runAsNonRoot: false}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("host users true", "hostUsers: true\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_FIELD)),
                arguments("windows pods are not exempt", "os: {name: windows}\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_FIELD)),
                arguments("runAsUser alone is not enough",
                        "securityContext: {runAsUser: 1001}\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_FIELD)));
    }

    @Override
    void assertSafeValue(SecurityContext context) {
        assertThat(context.getRunAsNonRoot()).isTrue();
    }

    @Test
    void messagesNamePodOrContainerAndField() {
        Workload workload = pod("securityContext: {runAsNonRoot: false}\n"
                + "containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: false}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "pod must not set securityContext.runAsNonRoot=false",
                "container \"app\" must not set securityContext.runAsNonRoot=false");
        assertThat(CheckFixtures.messages(check, pod("initContainers: [{name: setup, image: a:1}]")))
                .containsExactly("pod or init container \"setup\" must set securityContext.runAsNonRoot=true");
    }

    @Test
    void remediationSetsThePodLevelWhenAllowed() {
        Workload workload = pod("securityContext: {fsGroup: 2000}\n"
                + "containers: [{name: app, image: a:1}, {name: b, image: b:1, securityContext: {runAsNonRoot: false}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getFsGroup()).isEqualTo(2000L);
        assertThat(spec.getContainers().get(0).getSecurityContext()).isNull();
        assertThat(spec.getContainers().get(1).getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.containers[1].securityContext.runAsNonRoot");
    }

    @Test
    void remediationKeepsAnExplicitPodLevelFalse() {
        Workload workload = pod("securityContext: {runAsNonRoot: false}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isFalse();

        assertThat(workload.podSpec().getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void remediationChangesNothingInUserNamespaces() {
        Workload workload = pod("hostUsers: false\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getSecurityContext()).isNull();
    }

    @Test
    void remediationDoesNotMakeTheKubeletRefuseAContainerRunningAsRoot() {
        Workload workload = pod("containers: [{name: app, image: a:1}, {name: root, image: b:1,"
                + " securityContext: {runAsUser: 0}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(workload.podSpec().getSecurityContext()).as("a pod-level true would reach the root container")
                .isNull();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext().getRunAsNonRoot()).isNull();
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.containers[1].securityContext.runAsNonRoot");
    }

    @Test
    void remediationDoesNothingWhenThePodRunsAsRoot() {
        Workload workload = pod("securityContext: {runAsUser: 0}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getSecurityContext().getRunAsNonRoot()).isNull();
    }

    @Test
    void remediationLeavesTheWindowsAdministratorAlone() {
        Workload workload = pod("os: {name: windows}\nsecurityContext: {windowsOptions: {runAsUserName: "
                + "ContainerAdministrator}}\ncontainers: [{name: app, image: a:1}, {name: user, image: b:1,"
                + " securityContext: {windowsOptions: {runAsUserName: ContainerUser}}}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(workload.podSpec().getSecurityContext().getRunAsNonRoot()).isNull();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext().getRunAsNonRoot()).isTrue();
    }
}
