package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod Security Standards restricted "Seccomp": the pod, or else every container, must set
 * {@code seccompProfile.type} to {@code RuntimeDefault} or {@code Localhost}; any other explicit type fails.
 * Windows pods are exempt from Pod Security Standards 1.25 on (Pod Security Admission runs the control from 1.19
 * on). A container without its own profile inherits the pod's, so when the pod sets a forbidden type only the pod
 * is reported. Replaces {@code seccomp-baseline} while active.
 */
public final class SeccompRestrictedCheck extends RequiredSecurityContextSettingCheck<SeccompProfile> {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("seccomp-restricted")
            .title("Seccomp profile required")
            .category(Category.KERNEL)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Seccomp", 19)
            .podSecurityChange(PodSecurityExemption.WINDOWS.since(),
                    PodSecurityExemption.WINDOWS.change())
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
                    + "regular container without a profile; explicit profiles are left alone, and so are Windows pods "
                    + "and pods or containers whose legacy seccomp annotation names another profile, where the API "
                    + "server refuses the field.")
            .build();

    private static final String RUNTIME_DEFAULT = "RuntimeDefault";
    private static final String LOCALHOST = "Localhost";

    private static final FieldPath FIELD = FieldPath.of("securityContext", "seccompProfile", "type");

    private final boolean windowsExempt;

    public SeccompRestrictedCheck() {
        this(true);
    }

    private SeccompRestrictedCheck(boolean windowsExempt) {
        super(FIELD, PodSecurityContext::getSeccompProfile, SecurityContext::getSeccompProfile,
                "securityContext.seccompProfile.type to RuntimeDefault or Localhost");
        this.windowsExempt = windowsExempt;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new SeccompRestrictedCheck(PodSecurityExemption.WINDOWS.appliesAt(version));
    }

    @Override
    boolean appliesTo(Workload workload) {
        return !PodSecurityExemption.WINDOWS.exempts(windowsExempt, workload);
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        return !workload.isWindows() && super.remediate(workload, target);
    }

    /** The API server refuses a profile field that disagrees with a legacy seccomp annotation beside it. */
    @Override
    boolean podMayTakeSafeValue(Workload workload) {
        return annotationAllowsRuntimeDefault(workload, SeccompBaselineCheck.POD_ANNOTATION);
    }

    @Override
    boolean mayTakeSafeValue(Workload workload, ContainerRef container) {
        return annotationAllowsRuntimeDefault(workload,
                SeccompBaselineCheck.CONTAINER_ANNOTATION_PREFIX + container.name());
    }

    private static boolean annotationAllowsRuntimeDefault(Workload workload, String key) {
        Map<String, String> annotations = workload.podMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        return value == null || "runtime/default".equals(value) || "docker/default".equals(value);
    }

    @Override
    boolean isForbidden(SeccompProfile profile) {
        return !RUNTIME_DEFAULT.equals(profile.getType()) && !LOCALHOST.equals(profile.getType());
    }

    @Override
    String mustNotSet(SeccompProfile profile) {
        return " must not set securityContext.seccompProfile.type to \""
                + (profile.getType() == null ? "" : profile.getType()) + "\"; use RuntimeDefault or Localhost";
    }

    @Override
    void setSafeValue(PodSecurityContext context) {
        context.setSeccompProfile(runtimeDefault());
    }

    @Override
    void setSafeValue(SecurityContext context) {
        context.setSeccompProfile(runtimeDefault());
    }

    private static SeccompProfile runtimeDefault() {
        SeccompProfile profile = new SeccompProfile();
        profile.setType(RUNTIME_DEFAULT);
        return profile;
    }

    @Override
    FieldPath celValue() {
        return FIELD.parent();
    }

    @Override
    String celForbidden(String profile) {
        return celTypeNotIn(profile, List.of(RUNTIME_DEFAULT, LOCALHOST));
    }

    @Override
    String celProblem() {
        return "must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, on the pod or the container";
    }

    @Override
    String celAppliesWhen() {
        return PodSecurityExemption.WINDOWS.celUnlessExempt(windowsExempt);
    }
}
