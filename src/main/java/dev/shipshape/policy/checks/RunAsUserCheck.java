package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Pod Security Standards restricted "Running as Non-root user": neither the pod nor any container may set
 * {@code runAsUser: 0}. Pod Security Admission runs the control from version 1.23 on; pods in their own user
 * namespace ({@code hostUsers: false}) are exempt from 1.35 on.
 */
public final class RunAsUserCheck extends SecurityContextSettingCheck<Long> {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("run-as-user")
            .title("Running as a non-root user")
            .category(Category.IDENTITY)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Running as Non-root user", 23)
            .podSecurityChange(PodSecurityExemption.USER_NAMESPACES.since(),
                    PodSecurityExemption.USER_NAMESPACES.change())
            .fields("spec.securityContext.runAsUser")
            .fields(ContainerFields.inEveryContainer("securityContext.runAsUser"))
            .fields("spec.hostUsers")
            .why("runAsUser: 0 explicitly runs the container as root, which is root on the node after any "
                    + "container escape.")
            .fix("Remove runAsUser: 0 or set a non-root UID such as 1001.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "runAsUser");

    private final boolean userNamespacesRelaxed;

    public RunAsUserCheck() {
        this(true);
    }

    private RunAsUserCheck(boolean userNamespacesRelaxed) {
        super(FIELD, PodSecurityContext::getRunAsUser, SecurityContext::getRunAsUser);
        this.userNamespacesRelaxed = userNamespacesRelaxed;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new RunAsUserCheck(PodSecurityExemption.USER_NAMESPACES.appliesAt(version));
    }

    @Override
    boolean appliesTo(Workload workload) {
        return !PodSecurityExemption.USER_NAMESPACES.exempts(userNamespacesRelaxed, workload);
    }

    @Override
    boolean isForbidden(Long uid) {
        return uid == 0L;
    }

    @Override
    String mustNotSet(Long uid) {
        return " must not set securityContext.runAsUser=0";
    }

    @Override
    FieldPath celValue() {
        return FIELD;
    }

    @Override
    String celForbidden(String uid) {
        return uid + " == 0";
    }

    @Override
    String celProblem() {
        return "must not set securityContext.runAsUser=0";
    }

    @Override
    String celAppliesWhen() {
        return PodSecurityExemption.USER_NAMESPACES.celUnlessExempt(userNamespacesRelaxed);
    }
}
