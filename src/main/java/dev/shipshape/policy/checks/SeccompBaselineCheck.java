package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;

/**
 * Pod Security Standards baseline "Seccomp": a seccomp profile, where the pod or a container sets one, must
 * be the runtime's default or a node-local profile, never Unconfined.
 */
public final class SeccompBaselineCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("seccomp-baseline")
            .title("Seccomp profile not unconfined")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.HIGH)
            .podSecurityControl("Seccomp")
            .fields("spec.securityContext.seccompProfile.type")
            .fields(ContainerFields.inEveryContainer("securityContext.seccompProfile.type"))
            .why("Without a seccomp filter a container can call every system call, including rarely used ones "
                    + "that make up much of the kernel's attack surface.")
            .fix("Set seccompProfile.type to RuntimeDefault or Localhost, or remove it.")
            .build();

    private static final FieldPath TYPE = FieldPath.of("securityContext", "seccompProfile", "type");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        PodSecurityContext podContext = workload.podSpec().getSecurityContext();
        if (podContext != null && isForbidden(podContext.getSeccompProfile())) {
            findings.pod(TYPE, "pod" + mustNotSet(podContext.getSeccompProfile()));
        }
        List<ContainerRef> containers = workload.containers();
        for (int index = 0; index < containers.size(); index++) {
            ContainerRef container = containers.get(index);
            SecurityContext context = container.securityContext();
            if (context != null && isForbidden(context.getSeccompProfile())) {
                findings.container(container, TYPE, container.describe() + mustNotSet(context.getSeccompProfile()));
            }
        }
    }

    /** A profile that is set must be of type RuntimeDefault or Localhost; a missing type is not allowed either. */
    private static boolean isForbidden(SeccompProfile profile) {
        return profile != null && !"RuntimeDefault".equals(profile.getType()) && !"Localhost".equals(profile.getType());
    }

    private static String mustNotSet(SeccompProfile profile) {
        return " must not set securityContext.seccompProfile.type to \""
                + (profile.getType() == null ? "" : profile.getType()) + "\"";
    }
}
