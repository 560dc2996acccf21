package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AllowPrivilegeEscalationCheckTest {

    private final AllowPrivilegeEscalationCheck check = new AllowPrivilegeEscalationCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no security context", "containers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")),
                arguments("empty security context", "containers: [{name: app, image: a:1, securityContext: {}}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")),
                arguments("explicit false",
                        "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: false}}]",
                        List.of()),
                arguments("explicit true",
                        "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: true}}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")),
                arguments("init container unset",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: false}}]",
                        List.of("spec.initContainers[0].securityContext.allowPrivilegeEscalation")),
                arguments("ephemeral container unset",
                        "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: false}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of("spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation")),
                arguments("second container true",
                        "containers:\n"
                                + "- {name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false}}\n"
                                + "- {name: b, image: b:1, securityContext: {allowPrivilegeEscalation: true}}",
                        List.of("spec.containers[1].securityContext.allowPrivilegeEscalation")),
                arguments("pod-level fields do not count",
                        "securityContext: {runAsNonRoot: true}\ncontainers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")),
                arguments("user namespace does not relax it",
                        "hostUsers: false\ncontainers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")),
                arguments("windows pod unset", "os: {name: windows}\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("windows pod true",
                        "os: {name: windows}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: true}}]",
                        List.of()),
                arguments("linux pod unset", "os: {name: linux}\ncontainers: [{name: app, image: a:1}]",
                        List.of("spec.containers[0].securityContext.allowPrivilegeEscalation")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsContainersThatMayEscalate(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameContainerAndField() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers: [{name: app, image: a:1, securityContext: {allowPrivilegeEscalation: true}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "init container \"setup\" must set securityContext.allowPrivilegeEscalation=false",
                "container \"app\" must set securityContext.allowPrivilegeEscalation=false, not true");
    }

    @Test
    void remediationSetsFalseWhereUnsetAndKeepsExplicitTrue() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers:\n"
                + "- {name: app, image: a:1, securityContext: {runAsUser: 1001}}\n"
                + "- {name: legacy, image: b:1, securityContext: {allowPrivilegeEscalation: true}}\n"
                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getInitContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(spec.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(spec.getContainers().get(0).getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(spec.getContainers().get(1).getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
        assertThat(spec.getEphemeralContainers().get(0).getSecurityContext()).isNull();
        assertThat(CheckFixtures.paths(check, workload)).containsExactly(
                "spec.containers[1].securityContext.allowPrivilegeEscalation",
                "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation");
    }

    @Test
    void remediationIsIdempotent() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();
        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(CheckFixtures.paths(check, workload)).isEmpty();
    }

    @Test
    void remediationLeavesContainersOutsideTheTargetAlone() {
        Workload workload = pod("containers: [{name: app, image: a:1}, {name: exempt, image: b:1}]");

        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isTrue();

        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation())
                .isFalse();
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext()).isNull();
    }

    @Test
    void remediationChangesNothingInWindowsPods() {
        Workload workload = pod("os: {name: windows}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"privileged: true", "capabilities: {add: [CAP_SYS_ADMIN]}",
            "capabilities: {add: [SYS_ADMIN]}", "privileged: true, capabilities: {add: [NET_ADMIN]}"})
    void remediationLeavesContainersThatEscalateAnywayAlone(String securityContext) {
        Workload workload = pod("containers: [{name: app, image: a:1, securityContext: {" + securityContext + "}},"
                + " {name: sidecar, image: b:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation())
                .as("the API server refuses false here").isNull();
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext().getAllowPrivilegeEscalation())
                .isFalse();
        assertThat(CheckFixtures.paths(check, workload)).as("the finding stays")
                .containsExactly("spec.containers[0].securityContext.allowPrivilegeEscalation");
    }
}
