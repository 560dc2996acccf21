package dev.shipshape.policy;

import dev.shipshape.policy.checks.AllowPrivilegeEscalationCheck;
import dev.shipshape.policy.checks.AppArmorProfileCheck;
import dev.shipshape.policy.checks.AutomountServiceAccountTokenCheck;
import dev.shipshape.policy.checks.CapabilitiesBaselineCheck;
import dev.shipshape.policy.checks.CapabilitiesDropAllCheck;
import dev.shipshape.policy.checks.HostNamespacesCheck;
import dev.shipshape.policy.checks.HostPathVolumesCheck;
import dev.shipshape.policy.checks.HostPortsCheck;
import dev.shipshape.policy.checks.HostProbesLifecycleCheck;
import dev.shipshape.policy.checks.ImageTagPinnedCheck;
import dev.shipshape.policy.checks.LivenessProbeCheck;
import dev.shipshape.policy.checks.NetworkPolicyCheck;
import dev.shipshape.policy.checks.PrivilegedCheck;
import dev.shipshape.policy.checks.ProcMountCheck;
import dev.shipshape.policy.checks.ProcMountRestrictedCheck;
import dev.shipshape.policy.checks.ReadOnlyRootFilesystemCheck;
import dev.shipshape.policy.checks.ReadinessProbeCheck;
import dev.shipshape.policy.checks.ResourceLimitsCheck;
import dev.shipshape.policy.checks.ResourceRequestsCheck;
import dev.shipshape.policy.checks.RunAsNonRootCheck;
import dev.shipshape.policy.checks.RunAsUserCheck;
import dev.shipshape.policy.checks.SeLinuxOptionsCheck;
import dev.shipshape.policy.checks.SeccompBaselineCheck;
import dev.shipshape.policy.checks.SeccompRestrictedCheck;
import dev.shipshape.policy.checks.SecretEnvLiteralsCheck;
import dev.shipshape.policy.checks.SysctlsCheck;
import dev.shipshape.policy.checks.VolumeTypesCheck;
import dev.shipshape.policy.checks.WindowsHostProcessCheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every check Shipshape knows, in the order they run and are documented. */
public final class CheckCatalog {

    private static final List<Check> CHECKS = List.of(
            new PrivilegedCheck(),
            new HostNamespacesCheck(),
            new HostPathVolumesCheck(),
            new HostPortsCheck(),
            new WindowsHostProcessCheck(),
            new CapabilitiesBaselineCheck(),
            new AppArmorProfileCheck(),
            new SeLinuxOptionsCheck(),
            new ProcMountCheck(),
            new SeccompBaselineCheck(),
            new SysctlsCheck(),
            new HostProbesLifecycleCheck(),
            new VolumeTypesCheck(),
            new AllowPrivilegeEscalationCheck(),
            new RunAsNonRootCheck(),
            new RunAsUserCheck(),
            new SeccompRestrictedCheck(),
            new CapabilitiesDropAllCheck(),
            new ProcMountRestrictedCheck(),
            new ReadOnlyRootFilesystemCheck(),
            new ResourceRequestsCheck(),
            new ResourceLimitsCheck(),
            new LivenessProbeCheck(),
            new ReadinessProbeCheck(),
            new ImageTagPinnedCheck(),
            new SecretEnvLiteralsCheck(),
            new AutomountServiceAccountTokenCheck(),
            new NetworkPolicyCheck());

    private static final Map<String, Check> BY_ID = index(CHECKS);

    private CheckCatalog() {
    }

    private static Map<String, Check> index(List<Check> checks) {
        Map<String, Check> byId = new LinkedHashMap<>();
        for (Check check : checks) {
            if (byId.put(check.descriptor().id(), check) != null) {
                throw new IllegalStateException("duplicate check id " + check.descriptor().id());
            }
        }
        return byId;
    }

    public static List<Check> all() {
        return CHECKS;
    }

    public static Optional<Check> find(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    /**
     * The checks a policy runs, deciding as Pod Security Admission of {@code version}: those of {@code profile} plus
     * {@code added}, less {@code disabled}, less the controls that {@code version} does not have yet, less those
     * overridden by another selected check (as Pod Security Admission replaces e.g. the baseline capabilities check
     * with the restricted one from the version that introduced the restricted one).
     */
    public static List<Check> select(Profile profile, PodSecurityVersion version, Set<String> added,
                                     Set<String> disabled) {
        List<Check> selected = new ArrayList<>();
        for (Check check : CHECKS) {
            CheckDescriptor descriptor = check.descriptor();
            String id = descriptor.id();
            if ((profile.includes(descriptor.profile()) || added.contains(id)) && !disabled.contains(id)
                    && descriptor.existsAt(version)) {
                selected.add(check.forPodSecurityVersion(version));
            }
        }
        Set<String> overridden = new HashSet<>();
        for (Check check : selected) {
            overridden.addAll(check.descriptor().overrides());
        }
        selected.removeIf(check -> overridden.contains(check.descriptor().id()));
        return List.copyOf(selected);
    }

    /** The known id closest to {@code unknown}, for "did you mean" hints. */
    public static Optional<String> closest(String unknown) {
        return Spelling.closest(unknown, BY_ID.keySet(), Math.max(2, unknown.length() / 3));
    }
}
