package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.podWithFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SysctlsCheckTest {

    private final SysctlsCheck check = new SysctlsCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no security context", "", List.of()),
                arguments("no sysctls", "securityContext: {runAsNonRoot: true}\n", List.of()),
                arguments("safe sysctls", "securityContext: {sysctls: [{name: net.ipv4.tcp_syncookies, value: '1'},"
                        + " {name: kernel.shm_rmid_forced, value: '0'}]}\n", List.of()),
                arguments("unsafe sysctl", "securityContext: {sysctls: [{name: kernel.msgmax, value: '65536'}]}\n",
                        List.of("spec.securityContext.sysctls[0].name")),
                arguments("only the unsafe entries",
                        "securityContext: {sysctls: [{name: net.ipv4.ip_local_port_range, value: '1024 65535'},"
                                + " {name: net.core.somaxconn, value: '1024'}, {name: vm.swappiness, value: '10'}]}\n",
                        List.of("spec.securityContext.sysctls[1].name", "spec.securityContext.sysctls[2].name")),
                arguments("names are matched exactly",
                        "securityContext: {sysctls: [{name: net/ipv4/tcp_syncookies, value: '1'}]}\n",
                        List.of("spec.securityContext.sysctls[0].name")),
                arguments("user namespace pods are not relaxed",
                        "hostUsers: false\nsecurityContext: {sysctls: [{name: kernel.sem, value: '250 32000 100 128'}]}\n",
                        List.of("spec.securityContext.sysctls[0].name")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUnsafeSysctls(String name, String podFields, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, podWithFields(podFields))).isEqualTo(expectedPaths);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
            "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"})
    void latestAllowsEverySafeSysctl(String sysctl) {
        assertThat(CheckFixtures.paths(check, withSysctl(sysctl))).isEmpty();
    }

    static Stream<Arguments> versionedCases() {
        return Stream.of(
                arguments("v1.0", "net.ipv4.ip_unprivileged_port_start", true),
                arguments("v1.0", "net.ipv4.ip_local_reserved_ports", false),
                arguments("v1.26", "net.ipv4.ip_local_reserved_ports", false),
                arguments("v1.27", "net.ipv4.ip_local_reserved_ports", true),
                arguments("v1.28", "net.ipv4.tcp_keepalive_time", false),
                arguments("v1.29", "net.ipv4.tcp_keepalive_time", true),
                arguments("v1.29", "net.ipv4.tcp_keepalive_probes", true),
                arguments("v1.31", "net.ipv4.tcp_rmem", false),
                arguments("v1.32", "net.ipv4.tcp_rmem", true),
                arguments("v1.32", "net.ipv4.tcp_wmem", true),
                arguments("v1.36", "net.ipv4.tcp_notsent_lowat", false),
                arguments("v1.37", "net.ipv4.tcp_notsent_lowat", true),
                arguments("v1.37", "net.ipv4.tcp_slow_start_after_idle", true),
                arguments("v1.99", "net.ipv4.tcp_slow_start_after_idle", true),
                arguments("latest", "net.ipv4.tcp_slow_start_after_idle", true),
                arguments("latest", "kernel.msgmax", false));
    }

    @ParameterizedTest(name = "{0} {1} allowed={2}")
    @MethodSource("versionedCases")
    void podSecurityVersionPicksTheSafeListOfThatRelease(String version, String sysctl, boolean allowed) {
        Check configured = check.forPodSecurityVersion(PodSecurityVersion.parse(version).orElseThrow());
        assertThat(CheckFixtures.paths(configured, withSysctl(sysctl)))
                .isEqualTo(allowed ? List.of() : List.of("spec.securityContext.sysctls[0].name"));
    }

    @Test
    void defaultsToTheLatestList() {
        assertThat(check.descriptor().params()).isEmpty();
        assertThat(CheckFixtures.paths(check, withSysctl("net.ipv4.tcp_notsent_lowat"))).isEmpty();
    }

    @Test
    void descriptorListsEveryReleaseThatGrewTheSafeList() {
        assertThat(check.descriptor().podSecurityChanges())
                .extracting(CheckDescriptor.PodSecurityChange::minor).containsExactly(27, 29, 32, 37);
        assertThat(check.descriptor().podSecurityChanges().get(2).change())
                .isEqualTo("also safe: net.ipv4.tcp_rmem, net.ipv4.tcp_wmem");
    }

    @Test
    void messageNamesTheSysctl() {
        assertThat(CheckFixtures.messages(check, withSysctl("kernel.msgmax")))
                .containsExactly("pod must not set unsafe sysctl \"kernel.msgmax\" (securityContext.sysctls[0])");
    }

    private static Workload withSysctl(String sysctl) {
        return podWithFields("securityContext: {sysctls: [{name: " + sysctl + ", value: '1'}]}\n");
    }
}
