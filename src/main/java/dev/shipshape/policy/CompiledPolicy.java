package dev.shipshape.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy ready to evaluate: its checks resolved from the profile and overrides, its match rules and its
 * exemptions. Immutable; built by {@link PolicyCompiler} from a HardeningPolicy spec, or from a bare profile.
 *
 * @param name the policy's name
 * @param profile the profile the checks come from
 * @param denySeverity in Enforce mode, findings at or above this severity deny
 * @param checks the active checks in catalogue order
 * @param match which workloads the policy applies to
 * @param exemptions findings that do not count
 * @param allowAnnotationExemptions whether a workload's {@code shipshape.dev/exempt} annotation is honoured
 */
public record CompiledPolicy(String name, Profile profile, Severity denySeverity, List<ActiveCheck> checks,
                             WorkloadMatch match, Exemptions exemptions, boolean allowAnnotationExemptions) {

    public CompiledPolicy {
        checks = List.copyOf(checks);
    }

    /** Every check of {@code profile} at its default severity and parameters, matching everything. */
    public static CompiledPolicy forProfile(Profile profile) {
        return forProfile(profile, PodSecurityVersion.LATEST);
    }

    /**
     * Every check of {@code profile} at its default severity and parameters, deciding as Pod Security Admission of
     * {@code version}, matching everything.
     */
    public static CompiledPolicy forProfile(Profile profile, PodSecurityVersion version) {
        List<ActiveCheck> checks = CheckCatalog.select(profile, version, Set.of(), Set.of()).stream()
                .map(check -> new ActiveCheck(check, check.descriptor().severity()))
                .toList();
        return new CompiledPolicy(profile.id(), profile, Severity.LOW, checks, WorkloadMatch.ALL, Exemptions.NONE,
                false);
    }

    public boolean matches(Workload workload, Map<String, String> namespaceLabels) {
        return match.matches(workload, namespaceLabels);
    }
}
