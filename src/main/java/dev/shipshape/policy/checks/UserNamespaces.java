package dev.shipshape.policy.checks;

import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Workload;

/**
 * The Pod Security Standards relaxation for pods in their own user namespace ({@code hostUsers: false}): from
 * version 1.35 on, baseline proc-mount and restricted run-as-non-root and run-as-user do not apply to them. Before
 * 1.35 it existed only behind an alpha feature gate that is off by default, so those versions decide without it.
 */
final class UserNamespaces {

    static final int RELAXED_SINCE = 35;
    static final String CHANGE = "pods with hostUsers: false (their own user namespace) are exempt";

    private UserNamespaces() {
    }

    static boolean relaxedAt(PodSecurityVersion version) {
        return version.atLeast(RELAXED_SINCE);
    }

    /** True when {@code workload} is exempt: the relaxation applies at the check's version and the pod uses it. */
    static boolean exempts(boolean relaxed, Workload workload) {
        return relaxed && workload.usesUserNamespace();
    }
}
