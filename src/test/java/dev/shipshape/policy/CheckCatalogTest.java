package dev.shipshape.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCatalogTest {

    private static List<String> ids(Profile profile) {
        return CheckCatalog.select(profile, PodSecurityVersion.LATEST, Set.of(), Set.of()).stream()
                .map(check -> check.descriptor().id()).toList();
    }

    @Test
    void baselineIsThePodSecurityBaselineLevel() {
        assertThat(ids(Profile.BASELINE)).containsExactly("privileged", "host-namespaces", "host-path-volumes",
                "host-ports", "windows-host-process", "capabilities-baseline", "apparmor-profile", "selinux-options",
                "proc-mount", "seccomp-baseline", "sysctls", "host-probes-lifecycle");
    }

    @Test
    void restrictedReplacesTheBaselineChecksItTightens() {
        assertThat(ids(Profile.RESTRICTED)).containsExactly("privileged", "host-namespaces", "host-ports",
                "windows-host-process", "apparmor-profile", "selinux-options", "sysctls", "host-probes-lifecycle",
                "volume-types", "allow-privilege-escalation", "run-as-non-root", "run-as-user", "seccomp-restricted",
                "capabilities-drop-all", "proc-mount-restricted");
    }

    @Test
    void hardenedAddsTheProductionChecks() {
        assertThat(ids(Profile.HARDENED)).containsAll(ids(Profile.RESTRICTED)).endsWith("read-only-root-filesystem",
                "resource-requests", "resource-limits", "liveness-probe", "readiness-probe", "image-tag-pinned",
                "secret-env-literals", "automount-service-account-token", "network-policy");
    }

    @Test
    void disablingAnOverridingCheckBringsBackTheOneItReplaced() {
        assertThat(CheckCatalog.select(Profile.RESTRICTED, PodSecurityVersion.LATEST, Set.of(),
                Set.of("capabilities-drop-all")))
                .extracting(check -> check.descriptor().id())
                .contains("capabilities-baseline")
                .doesNotContain("capabilities-drop-all");
    }

    @Test
    void addedChecksJoinALowerProfile() {
        assertThat(CheckCatalog.select(Profile.BASELINE, PodSecurityVersion.LATEST, Set.of("image-tag-pinned"),
                Set.of()))
                .extracting(check -> check.descriptor().id())
                .contains("image-tag-pinned", "privileged")
                .doesNotContain("read-only-root-filesystem");
    }

    @Test
    void everyDescriptorIsComplete() {
        assertThat(CheckCatalog.all()).allSatisfy(check -> {
            CheckDescriptor descriptor = check.descriptor();
            assertThat(descriptor.id()).matches("[a-z]+(-[a-z]+)*");
            assertThat(descriptor.title()).isNotBlank();
            assertThat(descriptor.why()).as("why of %s", descriptor.id()).hasSizeGreaterThan(20);
            assertThat(descriptor.fix()).as("fix of %s", descriptor.id()).isNotBlank();
            assertThat(descriptor.fields()).as("fields of %s", descriptor.id()).isNotEmpty()
                    .allSatisfy(field -> assertThat(field).matches("(spec|metadata)\\..+"));
            assertThat(descriptor.overrides()).allSatisfy(id -> {
                assertThat(CheckCatalog.find(id)).as("overridden check %s", id).isPresent();
                assertThat(descriptor.profile().includes(CheckCatalog.find(id).orElseThrow().descriptor().profile()))
                        .isTrue();
            });
            if (descriptor.profile() != Profile.HARDENED) {
                assertThat(descriptor.podSecurityControl()).as("PSS control of %s", descriptor.id()).isNotBlank();
            }
            descriptor.params().forEach(param -> assertThat(param.validate(param.defaultValue()))
                    .as("default of %s.%s", descriptor.id(), param.name()).isEmpty());
        });
    }

    @Test
    void everyCheckHasItsOwnTableTest() {
        assertThat(CheckCatalog.all()).allSatisfy(check -> {
            String testClass = check.getClass().getName() + "Test";
            assertThat(Class.forName(testClass)).as(testClass).isNotNull();
        });
    }

    @Test
    void suggestsTheClosestId() {
        assertThat(CheckCatalog.closest("privilegd")).contains("privileged");
        assertThat(CheckCatalog.closest("run-as-nonroot")).contains("run-as-non-root");
        assertThat(CheckCatalog.closest("completely-different-thing")).isEmpty();
    }
}
