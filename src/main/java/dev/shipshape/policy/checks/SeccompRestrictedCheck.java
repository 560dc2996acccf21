package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;

/**
 * Pod Security Standards restricted "Seccomp": the pod, or else every container, must set
 * {@code seccompProfile.type} to {@code RuntimeDefault} or {@code Localhost}; any other explicit type fails.
 * Windows pods are exempt. A container without its own profile inherits the pod's, so when the pod sets a
 * forbidden type only the pod is reported. Replaces {@code seccomp-baseline} while active.
 */
public final class SeccompRestrictedCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("seccomp-restricted")
            .title("Seccomp profile required")
            .category(Category.KERNEL)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Seccomp")
            .overrides("seccomp-baseline")
            .fields("spec.securityContext.seccompProfile.type")
            .fields(ContainerFields.inEveryContainer("securityContext.seccompProfile.type"))
            .fields("spec.os.name")
            .why("Without a seccomp profile a container can make every system call, exposing the whole kernel "
                    + "attack surface to a compromised process.")
            .fix("Set securityContext.seccompProfile.type: RuntimeDefault in the pod (or Localhost with a "
                    + "vetted profile).")
            .remediation("Sets spec.securityContext.seccompProfile.type: RuntimeDefault when the pod sets no "
                    + "profile, or, when pod-level fields may not change, the same in each offending init and "
                    + "regular container without a profile; explicit profiles are left alone.")
            .build();

    private static final String RUNTIME_DEFAULT = "RuntimeDefault";
    private static final String LOCALHOST = "Localhost";

    private static final FieldPath FIELD = FieldPath.of("securityContext", "seccompProfile", "type");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (workload.isWindows()) {
            return;
        }
        SeccompProfile podProfile = podProfile(workload.podSpec());
        if (podProfile != null && !isAllowed(podProfile)) {
            findings.pod(FIELD, "pod must not set securityContext.seccompProfile.type to \""
                    + typeOf(podProfile) + "\"; use RuntimeDefault or Localhost");
        }
        List<ContainerRef> containers = workload.containers();
        for (int i = 0; i < containers.size(); i++) {
            ContainerRef container = containers.get(i);
            SeccompProfile profile = containerProfile(container.container());
            if (profile != null) {
                if (!isAllowed(profile)) {
                    findings.container(container, FIELD, container.describe()
                            + " must not set securityContext.seccompProfile.type to \"" + typeOf(profile)
                            + "\"; use RuntimeDefault or Localhost");
                }
            } else if (podProfile == null) {
                findings.container(container, FIELD, "pod or " + container.describe()
                        + " must set securityContext.seccompProfile.type to RuntimeDefault or Localhost");
            }
        }
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        PodSpec spec = workload.podSpec();
        if (workload.isWindows() || podProfile(spec) != null || !anyContainerUnset(workload)) {
            return false;
        }
        if (target.podLevelAllowed()) {
            if (spec.getSecurityContext() == null) {
                spec.setSecurityContext(new PodSecurityContext());
            }
            spec.getSecurityContext().setSeccompProfile(runtimeDefault());
            return true;
        }
        boolean changed = false;
        for (ContainerRef ref : workload.containers()) {
            if (ref.type() == ContainerType.EPHEMERAL || !target.includes(ref)
                    || containerProfile(ref.container()) != null) {
                continue;
            }
            Container container = ref.container();
            if (container.getSecurityContext() == null) {
                container.setSecurityContext(new SecurityContext());
            }
            container.getSecurityContext().setSeccompProfile(runtimeDefault());
            changed = true;
        }
        return changed;
    }

    private static boolean anyContainerUnset(Workload workload) {
        for (ContainerRef container : workload.containers()) {
            if (containerProfile(container.container()) == null) {
                return true;
            }
        }
        return false;
    }

    private static SeccompProfile runtimeDefault() {
        SeccompProfile profile = new SeccompProfile();
        profile.setType(RUNTIME_DEFAULT);
        return profile;
    }

    private static boolean isAllowed(SeccompProfile profile) {
        return RUNTIME_DEFAULT.equals(profile.getType()) || LOCALHOST.equals(profile.getType());
    }

    private static String typeOf(SeccompProfile profile) {
        return profile.getType() == null ? "" : profile.getType();
    }

    private static SeccompProfile podProfile(PodSpec spec) {
        return spec.getSecurityContext() == null ? null : spec.getSecurityContext().getSeccompProfile();
    }

    private static SeccompProfile containerProfile(Container container) {
        return container.getSecurityContext() == null ? null : container.getSecurityContext().getSeccompProfile();
    }
}
