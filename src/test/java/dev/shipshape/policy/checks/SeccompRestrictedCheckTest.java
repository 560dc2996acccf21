package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.PodSecurityVersion;
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

class SeccompRestrictedCheckTest extends RequiredSecurityContextSettingCheckTest {

    private static final String POD_FIELD = "spec.securityContext.seccompProfile.type";
    private static final String APP_FIELD = "spec.containers[0].securityContext.seccompProfile.type";

    SeccompRestrictedCheckTest() {
        super(new SeccompRestrictedCheck());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing set", "containers: [{name: app, image: a:1}]", List.of(APP_FIELD)),
                arguments("pod RuntimeDefault",
                        "securityContext: {seccompProfile: {type: RuntimeDefault}}\ncontainers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("pod Localhost",
                        "securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of()),
                arguments("pod Unconfined is reported once at the pod",
                        "securityContext: {seccompProfile: {type: Unconfined}}\n"
                                + "containers: [{name: app, image: a:1}, {name: b, image: b:1}]",
                        List.of(POD_FIELD)),
                arguments("pod Unconfined under RuntimeDefault container",
                        "securityContext: {seccompProfile: {type: Unconfined}}\n"
                                + "containers: [{name: app, image: a:1, "
                                + "securityContext: {seccompProfile: {type: RuntimeDefault}}}]",
                        List.of(POD_FIELD)),
                arguments("container Unconfined under RuntimeDefault pod",
                        "securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]",
                        List.of(APP_FIELD)),
                arguments("every container sets an allowed profile",
                        "initContainers: [{name: init, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}]\n"
                                + "containers: [{name: app, image: a:1, "
                                + "securityContext: {seccompProfile: {type: Localhost, localhostProfile: app.json}}}]",
                        List.of()),
                arguments("init container unset",
                        "initContainers: [{name: init, image: a:1}]\n"
                                + "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}]",
                        List.of("spec.initContainers[0].securityContext.seccompProfile.type")),
                arguments("ephemeral container unset",
                        "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}]\n"
                                + "ephemeralContainers: [{name: debug, image: busybox:1.36}]",
                        List.of("spec.ephemeralContainers[0].securityContext.seccompProfile.type")),
                arguments("types are case-sensitive",
                        "securityContext: {seccompProfile: {type: runtimedefault}}\ncontainers: [{name: app, image: a:1}]",
                        List.of(POD_FIELD)),
                arguments("user namespace does not relax it", "hostUsers: false\ncontainers: [{name: app, image: a:1}]",
                        List.of(APP_FIELD)),
                arguments("windows pod unset", "os: {name: windows}\ncontainers: [{name: app, image: a:1}]", List.of()),
                arguments("windows pod Unconfined",
                        "os: {name: windows}\nsecurityContext: {seccompProfile: {type: Unconfined}}\n"
                                + "containers: [{name: app, image: a:1}]",
                        List.of()));
    }

    @Override
    void assertSafeValue(SecurityContext context) {
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @Test
    void legacySeccompAnnotationDoesNotCount() {
        Workload workload = CheckFixtures.workload("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                + "  annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}\n"
                + "spec:\n  containers: [{name: app, image: a:1}]\n");
        assertThat(CheckFixtures.paths(check, workload)).containsExactly(APP_FIELD);
    }

    @Test
    void messagesNamePodOrContainerFieldAndValue() {
        Workload workload = pod("securityContext: {seccompProfile: {type: Unconfined}}\n"
                + "containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]");
        assertThat(CheckFixtures.messages(check, workload)).containsExactly(
                "pod must not set securityContext.seccompProfile.type to \"Unconfined\"; use RuntimeDefault or Localhost",
                "container \"app\" must not set securityContext.seccompProfile.type to \"Unconfined\"; "
                        + "use RuntimeDefault or Localhost");
        assertThat(CheckFixtures.messages(check, pod("containers: [{name: app, image: a:1}]"))).containsExactly(
                "pod or container \"app\" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost");
    }

    @Test
    void remediationSetsThePodLevelWhenAllowed() {
        Workload workload = pod("securityContext: {runAsNonRoot: true}\n"
                + "containers:\n"
                + "- {name: app, image: a:1}\n"
                + "- {name: tracer, image: b:1, securityContext: {seccompProfile: {type: Unconfined}}}");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        PodSpec spec = workload.podSpec();
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getContainers().get(0).getSecurityContext()).isNull();
        assertThat(spec.getContainers().get(1).getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("Unconfined");
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.containers[1].securityContext.seccompProfile.type");
    }

    @Test
    void remediationKeepsAnExplicitPodProfile() {
        Workload workload = pod("securityContext: {seccompProfile: {type: Unconfined}}\n"
                + "containers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(check.remediate(workload, RemediationTargets.onlyContainers("app"))).isFalse();

        assertThat(workload.podSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext()).isNull();
    }

    @Test
    void remediationChangesNothingInWindowsPods() {
        Workload workload = pod("os: {name: windows}\ncontainers: [{name: app, image: a:1}]");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getSecurityContext()).isNull();
    }

    @Test
    void replacesTheBaselineSeccompCheck() {
        assertThat(check.descriptor().overrides()).containsExactly("seccomp-baseline");
    }

    @Test
    void remediationDoesNotContradictALegacySeccompAnnotation() {
        Workload workload = CheckFixtures.workload("apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {"
                + "seccomp.security.alpha.kubernetes.io/pod: unconfined,"
                + " container.seccomp.security.alpha.kubernetes.io/legacy: unconfined,"
                + " container.seccomp.security.alpha.kubernetes.io/app: docker/default}}\n"
                + "spec: {containers: [{name: app, image: a:1}, {name: legacy, image: b:1}]}");

        assertThat(check.remediate(workload, RemediationTargets.everything())).isTrue();

        assertThat(workload.podSpec().getSecurityContext()).as("the pod annotation says unconfined").isNull();
        assertThat(workload.podSpec().getContainers().get(0).getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(workload.podSpec().getContainers().get(1).getSecurityContext()).isNull();
    }

    @Test
    void remediationChangesNothingInWindowsPodsAtAnyVersion() {
        Workload workload = pod("os: {name: windows}\ncontainers: [{name: app, image: a:1}]");
        Check pinned = check.forPodSecurityVersion(PodSecurityVersion.of(24));

        assertThat(CheckFixtures.paths(pinned, workload)).as("1.24 still checks Windows pods").isNotEmpty();
        assertThat(pinned.remediate(workload, RemediationTargets.everything())).isFalse();
        assertThat(workload.podSpec().getSecurityContext()).isNull();
    }
}
