package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.Mode;

/** Test support: a compiled policy that does other things with its findings than its spec says. */
public final class TestPolicies {

    private TestPolicies() {
    }

    /** {@code policy} in {@code mode}, filling in fields at admission or not. */
    public static CompiledPolicy withActions(CompiledPolicy policy, Mode mode, AdmissionRemediation admission) {
        return withActions(policy, 0, new PolicyActions(mode, policy.denySeverity(), admission,
                policy.actions().existing(), Enforcement.Auto));
    }

    /** {@code policy} at {@code generation}, remediating existing workloads or not. */
    public static CompiledPolicy audited(CompiledPolicy policy, long generation, boolean remediateExisting) {
        return withActions(policy, generation, new PolicyActions(policy.actions().mode(), policy.denySeverity(),
                policy.actions().admission(), remediateExisting ? ExistingRemediation.Patch : ExistingRemediation.None, Enforcement.Auto));
    }

    public static CompiledPolicy withActions(CompiledPolicy policy, long generation, PolicyActions actions) {
        return new CompiledPolicy(policy.name(), generation, policy.profile(), actions, policy.checks(), policy.match(),
                policy.exemptions(), policy.allowAnnotationExemptions());
    }
}
