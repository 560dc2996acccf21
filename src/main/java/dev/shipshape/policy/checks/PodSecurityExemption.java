package dev.shipshape.policy.checks;

import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;

import java.util.function.Predicate;

/**
 * A kind of pod that Pod Security Admission exempts from some controls from a version on; checks of those controls
 * hold whether the exemption applies at their version.
 *
 * @param since the Kubernetes 1.x minor version from which the pods are exempt
 * @param change the exemption, for the control's history in the docs
 * @param pods the pods it exempts
 * @param celPods CEL true for the pods it exempts
 */
record PodSecurityExemption(int since, String change, Predicate<Workload> pods, String celPods) {

    /**
     * Pods in their own user namespace ({@code hostUsers: false}), from baseline proc-mount and restricted
     * run-as-non-root and run-as-user. Before 1.35 it existed only behind an alpha feature gate that is off by
     * default, so those versions decide without it.
     */
    static final PodSecurityExemption USER_NAMESPACES = new PodSecurityExemption(35,
            "pods with hostUsers: false (their own user namespace) are exempt", Workload::usesUserNamespace,
            Cel.whenSet(Cel.SPEC, FieldPath.of("hostUsers"), hostUsers -> hostUsers + " == false"));

    /**
     * Windows pods ({@code spec.os.name: windows}), from the restricted controls on Linux-only fields (privilege
     * escalation, seccomp, capabilities). Remediations leave Windows pods alone at every version: the API server
     * refuses those fields in a Windows pod.
     */
    static final PodSecurityExemption WINDOWS = new PodSecurityExemption(25,
            "Windows pods (spec.os.name: windows) are exempt", Workload::isWindows,
            Cel.whenSet(Cel.SPEC, FieldPath.of("os", "name"), name -> name + " == 'windows'"));

    boolean appliesAt(PodSecurityVersion version) {
        return version.atLeast(since);
    }

    /** CEL true for the pods a check of this exemption applies to: all when it does not {@code apply}, or null. */
    String celUnlessExempt(boolean applies) {
        return applies ? Cel.not(celPods) : null;
    }

    /** True when {@code workload} is exempt: the exemption {@code applies} at the check's version and covers it. */
    boolean exempts(boolean applies, Workload workload) {
        return applies && pods.test(workload);
    }
}
