package dev.shipshape.policy.checks;

import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Workload;

/**
 * The Pod Security Standards exemption of Windows pods ({@code spec.os.name: windows}) from the restricted controls
 * on Linux-only fields (privilege escalation, seccomp, capabilities), from version 1.25 on. Remediations leave
 * Windows pods alone at every version: the API server rejects those fields in a Windows pod.
 */
final class WindowsPods {

    static final int EXEMPT_SINCE = 25;
    static final String CHANGE = "Windows pods (spec.os.name: windows) are exempt";

    private WindowsPods() {
    }

    static boolean exemptAt(PodSecurityVersion version) {
        return version.atLeast(EXEMPT_SINCE);
    }

    /** True when {@code workload} is exempt: the exemption applies at the check's version and the pod is Windows. */
    static boolean exempts(boolean exempt, Workload workload) {
        return exempt && workload.isWindows();
    }
}
