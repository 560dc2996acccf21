package dev.shipshape.policy;

import dev.shipshape.policy.cel.CelRule;

/**
 * One hardening rule. Implementations are pure and stateless: they read a {@link Workload} and report to a
 * {@link FindingSink}. Checks with a remediation also fill in missing fields, never overriding a value the
 * user set.
 */
public interface Check {

    CheckDescriptor descriptor();

    /** Reports every violation of this check in {@code workload}. */
    void evaluate(Workload workload, FindingSink findings);

    /**
     * This check, with its parameters and version, as CEL for generated ValidatingAdmissionPolicies: it must fail for
     * exactly the pod and containers {@link #evaluate} reports, or be {@link CelRule#webhookOnly}.
     */
    CelRule celRule();

    /**
     * This check configured with a policy's parameter values, already validated against
     * {@link CheckDescriptor#params()}. Checks without parameters return themselves.
     */
    default Check withParams(CheckParams params) {
        return this;
    }

    /**
     * This check deciding as Pod Security Admission does at {@code version}; the checks whose control changed over
     * Kubernetes releases override this, the others return themselves. Only called when
     * {@link CheckDescriptor#existsAt} the version.
     */
    default Check forPodSecurityVersion(PodSecurityVersion version) {
        return this;
    }

    /**
     * Fills in missing fields of {@code workload}'s pod spec so that the findings inside {@code target} go
     * away. Idempotent; never overrides an explicit value. Returns whether anything changed. Only checks
     * whose descriptor declares a remediation override this, and they change only the pod's
     * automountServiceAccountToken, securityContext and volumes and the containers' securityContext and
     * volumeMounts: the fields {@link Remediator} turns into a patch.
     */
    default boolean remediate(Workload workload, RemediationTarget target) {
        return false;
    }
}
