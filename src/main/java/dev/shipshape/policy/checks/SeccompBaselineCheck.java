package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Pod Security Standards baseline "Seccomp": a seccomp profile, where the pod or a container sets one, must
 * be the runtime's default or a node-local profile, never Unconfined.
 */
public final class SeccompBaselineCheck extends SecurityContextSettingCheck<SeccompProfile> {

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

    public SeccompBaselineCheck() {
        super(TYPE, PodSecurityContext::getSeccompProfile, SecurityContext::getSeccompProfile);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** A profile that is set must be of type RuntimeDefault or Localhost; a missing type is not allowed either. */
    @Override
    boolean isForbidden(SeccompProfile profile) {
        return !"RuntimeDefault".equals(profile.getType()) && !"Localhost".equals(profile.getType());
    }

    @Override
    String mustNotSet(SeccompProfile profile) {
        return " must not set securityContext.seccompProfile.type to \""
                + (profile.getType() == null ? "" : profile.getType()) + "\"";
    }
}
