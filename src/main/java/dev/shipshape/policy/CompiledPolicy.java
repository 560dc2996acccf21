package dev.shipshape.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a HardeningPolicy means, compiled once: its checks resolved from the profile and overrides, its match
 * rules, its exemptions and what it does with findings. Immutable; built by {@link PolicyCompiler} from a
 * HardeningPolicy spec, or from a bare profile; admission, the audit and the CLI all switch on this one value.
 *
 * @param name the policy's name
 * @param generation the {@code metadata.generation} compiled, 0 outside a cluster
 * @param profile the profile the checks come from
 * @param actions mode, denySeverity and remediation, defaults applied
 * @param checks the active checks in catalogue order
 * @param match which workloads the policy applies to
 * @param exemptions findings that do not count: its own, then the HardeningExemptions it honours
 * @param delegation what app teams may exempt themselves from with HardeningExemptions
 * @param allowAnnotationExemptions whether a workload's {@code shipshape.dev/exempt} annotation is honoured
 */
public record CompiledPolicy(String name, long generation, Profile profile, PolicyActions actions,
                             List<ActiveCheck> checks, WorkloadMatch match, Exemptions exemptions,
                             boolean allowAnnotationExemptions, Delegation delegation) {

    public CompiledPolicy {
        checks = List.copyOf(checks);
    }

    /** A policy that delegates no exemptions. */
    public CompiledPolicy(String name, long generation, Profile profile, PolicyActions actions,
                          List<ActiveCheck> checks, WorkloadMatch match, Exemptions exemptions,
                          boolean allowAnnotationExemptions) {
        this(name, generation, profile, actions, checks, match, exemptions, allowAnnotationExemptions,
                Delegation.NONE);
    }

    /** This policy honouring {@code honoured} (HardeningExemptions) after its own exemptions. */
    public CompiledPolicy withHonoured(List<ExemptionRequest> honoured) {
        if (honoured.isEmpty()) {
            return this;
        }
        List<Exemption> all = new ArrayList<>(exemptions.all());
        honoured.forEach(request -> all.add(request.exemption()));
        return new CompiledPolicy(name, generation, profile, actions, checks, match, new Exemptions(all),
                allowAnnotationExemptions, delegation);
    }

    /** This policy running only {@code only}, a subset of its checks. */
    public CompiledPolicy withChecks(List<ActiveCheck> only) {
        return new CompiledPolicy(name, generation, profile, actions, only, match, exemptions, allowAnnotationExemptions,
                delegation);
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
        return new CompiledPolicy(profile.id(), 0, profile, PolicyActions.defaults(), checks, WorkloadMatch.ALL,
                Exemptions.NONE, false, Delegation.NONE);
    }

    /** In Enforce mode, findings at or above this severity deny. */
    public Severity denySeverity() {
        return actions.denySeverity();
    }

    public boolean matches(Workload workload, Map<String, String> namespaceLabels) {
        return match.matches(workload, namespaceLabels);
    }
}
