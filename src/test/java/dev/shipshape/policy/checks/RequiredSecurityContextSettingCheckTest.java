package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests shared by {@link RunAsNonRootCheckTest} and {@link SeccompRestrictedCheckTest}. Each lists its table in a
 * static {@code cases()}: name, pod spec and the expected finding paths.
 */
abstract class RequiredSecurityContextSettingCheckTest {

    final RequiredSecurityContextSettingCheck<?> check;

    RequiredSecurityContextSettingCheckTest(RequiredSecurityContextSettingCheck<?> check) {
        this.check = check;
    }

    /** Asserts that {@code context} holds the value the remediation sets. */
    abstract void assertSafeValue(SecurityContext context);

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsContainersWithoutAnAllowedValue(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void remediationSetsTargetedContainersWhenThePodLevelMayNotChange() {
        Workload workload = pod("initContainers: [{name: setup, image: a:1}]\n"
                + "containers: [{name: app, image: a:1}, {name: exempt, image: b:1}]\n"
                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]");

        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("setup", "app", "debug"))).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getSecurityContext()).isNull();
        assertSafeValue(spec.getInitContainers().get(0).getSecurityContext());
        assertSafeValue(spec.getContainers().get(0).getSecurityContext());
        assertThat(spec.getContainers().get(1).getSecurityContext()).isNull();
        assertThat(spec.getEphemeralContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void remediationIsIdempotent() {
        Workload podLevel = pod("containers: [{name: app, image: a:1}]");
        assertThat(check.remediate(podLevel, RemediationTargets.everything())).isTrue();
        assertThat(check.remediate(podLevel, RemediationTargets.everything())).isFalse();

        Workload containerLevel = pod("containers: [{name: app, image: a:1}]");
        assertThat(check.remediate(containerLevel, RemediationTargets.onlyContainers("app"))).isTrue();
        assertThat(check.remediate(containerLevel, RemediationTargets.onlyContainers("app"))).isFalse();
        assertThat(CheckFixtures.paths(check, containerLevel)).isEmpty();
    }
}
