package dev.shipshape.policy.checks;

import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AutomountServiceAccountTokenCheckTest {

    private static final String FIELD = "spec.automountServiceAccountToken";

    private final AutomountServiceAccountTokenCheck check = new AutomountServiceAccountTokenCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("unset", "containers: [{name: app, image: a:1}]", List.of(FIELD)),
                arguments("true", "automountServiceAccountToken: true\ncontainers: [{name: app, image: a:1}]",
                        List.of(FIELD)),
                arguments("false", "automountServiceAccountToken: false\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("service account name alone",
                        "serviceAccountName: app\ncontainers: [{name: app, image: a:1}]", List.of(FIELD)),
                arguments("windows pods are checked too",
                        "os: {name: windows}\ncontainers: [{name: app, image: a:1}]", List.of(FIELD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsPodsThatMountTheToken(String name, String podSpec, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void reportsAtThePodTemplateOfControllers() {
        Workload deployment = CheckFixtures.workload("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
                + "spec:\n  template:\n    spec:\n      containers: [{name: app, image: a:1}]\n");
        assertThat(CheckFixtures.paths(check, deployment)).containsExactly("spec.template.spec.automountServiceAccountToken");
    }

    @Test
    void messagesNamePodAndField() {
        assertThat(CheckFixtures.messages(check, pod("containers: [{name: app, image: a:1}]")))
                .containsExactly("pod must set automountServiceAccountToken=false");
        assertThat(CheckFixtures.messages(check, pod("automountServiceAccountToken: true")))
                .containsExactly("pod must set automountServiceAccountToken=false, not true");
    }

    @Test
    void remediationSetsFalseWhenUnset() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(workload.podSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(CheckFixtures.paths(check, workload)).isEmpty();
    }

    @Test
    void remediationIsIdempotent() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();
        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
    }

    @Test
    void remediationKeepsAnExplicitTrue() {
        Workload workload = pod("automountServiceAccountToken: true\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void remediationNeedsThePodLevel() {
        Workload workload = pod("containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isFalse();
        assertThat(workload.podSpec().getAutomountServiceAccountToken()).isNull();
    }
}
