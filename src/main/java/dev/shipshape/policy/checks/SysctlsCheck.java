package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pod Security Standards baseline "Sysctls": the pod may only set sysctls that are namespaced and isolated
 * from other pods. The safe list grew over Kubernetes releases; the policy's Pod Security Standards version picks
 * the list of that release, as a Pod Security Admission version label does.
 */
public final class SysctlsCheck implements Check {

    /** The safe sysctls by the Kubernetes minor version that introduced them, oldest first. */
    private static final List<SafeSysctls> SAFE_SYSCTLS_SINCE = List.of(
            new SafeSysctls(0, Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start")),
            new SafeSysctls(27, Set.of("net.ipv4.ip_local_reserved_ports")),
            new SafeSysctls(29, Set.of("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes")),
            new SafeSysctls(32, Set.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem")),
            new SafeSysctls(37, Set.of("net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat")));

    private static final CheckDescriptor DESCRIPTOR = withSafeListChanges(CheckDescriptor.builder("sysctls")
            .title("Unsafe sysctls")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.MEDIUM)
            .podSecurityControl("Sysctls")
            .fields("spec.securityContext.sysctls[*].name")
            .why("Sysctls outside the safe list can change kernel settings for the whole node or disable "
                    + "protections; medium because the kubelet also refuses unsafe sysctls unless an admin allowed them.")
            .fix("Remove the sysctl from securityContext.sysctls, or set it on the node instead."))
            .build();

    private static final FieldPath SYSCTLS = FieldPath.of("securityContext", "sysctls");

    private final Set<String> safeSysctls;

    /** The check with the safe list of the latest Kubernetes version. */
    public SysctlsCheck() {
        this(safeSysctlsFor(PodSecurityVersion.LATEST));
    }

    private SysctlsCheck(Set<String> safeSysctls) {
        this.safeSysctls = safeSysctls;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new SysctlsCheck(safeSysctlsFor(version));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        PodSecurityContext context = workload.podSpec().getSecurityContext();
        List<Sysctl> sysctls = context == null ? null : context.getSysctls();
        if (sysctls == null) {
            return;
        }
        for (int i = 0; i < sysctls.size(); i++) {
            String name = sysctls.get(i).getName();
            if (name == null || !safeSysctls.contains(name)) {
                findings.pod(SYSCTLS.index(i).field("name"), "pod must not set unsafe sysctl \""
                        + (name == null ? "" : name) + "\" (securityContext.sysctls[" + i + "])");
            }
        }
    }

    private static CheckDescriptor.Builder withSafeListChanges(CheckDescriptor.Builder builder) {
        for (SafeSysctls release : SAFE_SYSCTLS_SINCE) {
            if (release.sinceMinor() > 0) {
                builder.podSecurityChange(release.sinceMinor(),
                        "also safe: " + String.join(", ", new TreeSet<>(release.names())));
            }
        }
        return builder;
    }

    private static Set<String> safeSysctlsFor(PodSecurityVersion version) {
        Set<String> safe = new HashSet<>();
        for (SafeSysctls release : SAFE_SYSCTLS_SINCE) {
            if (version.atLeast(release.sinceMinor())) {
                safe.addAll(release.names());
            }
        }
        return Set.copyOf(safe);
    }

    private record SafeSysctls(int sinceMinor, Set<String> names) {
    }

    @Override
    public CelRule celRule() {
        return CelRule.pod(Cel.whenSet(Cel.SPEC, SYSCTLS, sysctls -> sysctls + ".exists(s, !has(s.name) || !(s.name in "
                + Cel.list(safeSysctls) + "))"), "must set only safe sysctls (securityContext.sysctls)");
    }
}
