package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CapabilitiesDropAllCheckTest {

    private static final String APP_DROP = "spec.containers[0].securityContext.capabilities.drop";

    private final CapabilitiesDropAllCheck check = new CapabilitiesDropAllCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no security context", "containers: [{name: app, image: a:1}]", List.of(APP_DROP)),
                arguments("no capabilities", "containers: [{name: app, image: a:1, securityContext: {}}]",
                        List.of(APP_DROP)),
                arguments("empty capabilities",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {}}}]", List.of(APP_DROP)),
                arguments("drop ALL", "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}]",
                        List.of()),
                arguments("drop ALL among others",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [NET_RAW, ALL]}}}]",
                        List.of()),
                arguments("drop only some",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [NET_RAW]}}}]",
                        List.of(APP_DROP)),
                arguments("lowercase all does not count",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [all]}}}]",
                        List.of(APP_DROP)),
                arguments("add NET_BIND_SERVICE",
                        "containers: [{name: app, image: a:1, "
                                + "securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]",
                        List.of()),
                arguments("add a forbidden capability",
                        "containers: [{name: app, image: a:1, "
                                + "securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, SYS_ADMIN]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[1]")),
                arguments("add a default capability",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}}]",
                        List.of("spec.containers[0].securityContext.capabilities.add[0]")),
                arguments("add without drop",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [SYS_TIME]}}}]",
                        List.of(APP_DROP, "spec.containers[0].securityContext.capabilities.add[0]")),
                arguments("init container without drop",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}]",
                        List.of("spec.initContainers[0].securityContext.capabilities.drop")),
                arguments("ephemeral container without drop",
                        "containers: [{name: app, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of("spec.ephemeralContainers[0].securityContext.capabilities.drop")),
                arguments("user namespace does not relax it", "hostUsers: false\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_DROP)),
                arguments("windows pod", "os: {name: windows}\ncontainers: [{name: app, image: a:1}]", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnrestrictedCapabilities(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void messagesNameContainerFieldAndCapability() {
        Workload workload = pod("containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]",
                "container \"app\" must not add capability \"SYS_ADMIN\" (securityContext.capabilities.add); "
                        + "only NET_BIND_SERVICE is allowed");
    }

    @Test
    void remediationAddsAllToDropAndNeverTouchesAdd() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers:\n"
                + "- {name: app, image: a:1, securityContext: {capabilities: {drop: [NET_RAW], add: [SYS_ADMIN]}}}\n"
                + "- {name: web, image: b:1, securityContext: {runAsUser: 1001}}\n"
                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getInitContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(spec.getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("NET_RAW", "ALL");
        assertThat(spec.getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
                .containsExactly("SYS_ADMIN");
        assertThat(spec.getContainers().get(1).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(spec.getContainers().get(1).getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(spec.getEphemeralContainers().get(0).getSecurityContext()).isNull();
        assertThat(CheckFixtures.paths(check, workload)).containsExactly(
                "spec.containers[0].securityContext.capabilities.add[0]",
                "spec.ephemeralContainers[0].securityContext.capabilities.drop");
    }

    @Test
    void remediationIsIdempotent() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();
        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
    }

    @Test
    void remediationLeavesContainersOutsideTheTargetAlone() {
        Workload workload = pod("containers: [{name: app, image: a:1}, {name: exempt, image: b:1}]");

        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isTrue();

        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext()).isNull();
    }

    @Test
    void remediationChangesNothingInWindowsPods() {
        Workload workload = pod("os: {name: windows}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void replacesTheBaselineCapabilitiesCheck() {
        assertThat(check.descriptor().overrides()).containsExactly("capabilities-baseline");
    }
}
