package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.Set;

/**
 * Pod Security Standards restricted "Running as Non-root": the pod, or else every container, must set
 * {@code runAsNonRoot: true}, and nothing may set it to false. Pods in their own user namespace
 * ({@code hostUsers: false}) are exempt from Pod Security Standards 1.35 on. A container without its own value
 * inherits the pod's, so when the pod sets false only the pod is reported.
 */
public final class RunAsNonRootCheck extends RequiredSecurityContextSettingCheck<Boolean> {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("run-as-non-root")
            .title("Running as non-root")
            .category(Category.IDENTITY)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Running as Non-root")
            .podSecurityChange(PodSecurityExemption.USER_NAMESPACES.since(),
                    PodSecurityExemption.USER_NAMESPACES.change())
            .fields("spec.securityContext.runAsNonRoot")
            .fields(ContainerFields.inEveryContainer("securityContext.runAsNonRoot"))
            .fields("spec.hostUsers")
            .why("A process running as UID 0 is root on the node as soon as it escapes the container; "
                    + "runAsNonRoot makes the kubelet refuse to start an image whose user is root.")
            .fix("Set securityContext.runAsNonRoot: true in the pod (or every container) and run the image as a "
                    + "non-root UID such as 1001.")
            .remediation("Sets spec.securityContext.runAsNonRoot: true when the pod does not set it, or, when "
                    + "pod-level fields may not change or a container would inherit it beside runAsUser: 0, "
                    + "runAsNonRoot: true in each offending init and regular container that does not set it; an "
                    + "explicit false is left alone, and so are containers that run as UID 0 or as "
                    + "ContainerAdministrator, which the kubelet would refuse to start. The kubelet also refuses an "
                    + "image whose user is root or not numeric: try remediation.existing: DryRun first.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "runAsNonRoot");
    private static final String WINDOWS_ADMINISTRATOR = "ContainerAdministrator";

    private final boolean userNamespacesRelaxed;

    public RunAsNonRootCheck() {
        this(true);
    }

    private RunAsNonRootCheck(boolean userNamespacesRelaxed) {
        super(FIELD, PodSecurityContext::getRunAsNonRoot, SecurityContext::getRunAsNonRoot,
                "securityContext.runAsNonRoot=true");
        this.userNamespacesRelaxed = userNamespacesRelaxed;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new RunAsNonRootCheck(PodSecurityExemption.USER_NAMESPACES.appliesAt(version));
    }

    @Override
    boolean appliesTo(Workload workload) {
        return !PodSecurityExemption.USER_NAMESPACES.exempts(userNamespacesRelaxed, workload);
    }

    @Override
    boolean isForbidden(Boolean runAsNonRoot) {
        return !runAsNonRoot;
    }

    @Override
    String mustNotSet(Boolean runAsNonRoot) {
        return " must not set securityContext.runAsNonRoot=false";
    }

    /** The kubelet refuses to start a non-root container whose UID is 0 or whose Windows user is the administrator. */
    @Override
    boolean mayTakeSafeValue(Workload workload, ContainerRef container) {
        PodSecurityContext pod = workload.podSpec().getSecurityContext();
        SecurityContext own = container.securityContext();
        Long uid = own != null && own.getRunAsUser() != null ? own.getRunAsUser()
                : pod == null ? null : pod.getRunAsUser();
        String windowsUser = own != null && own.getWindowsOptions() != null
                && own.getWindowsOptions().getRunAsUserName() != null ? own.getWindowsOptions().getRunAsUserName()
                : pod == null || pod.getWindowsOptions() == null ? null : pod.getWindowsOptions().getRunAsUserName();
        return !Long.valueOf(0L).equals(uid) && !WINDOWS_ADMINISTRATOR.equalsIgnoreCase(windowsUser);
    }

    @Override
    void setSafeValue(PodSecurityContext context) {
        context.setRunAsNonRoot(true);
    }

    @Override
    void setSafeValue(SecurityContext context) {
        context.setRunAsNonRoot(true);
    }

    @Override
    FieldPath celValue() {
        return FIELD;
    }

    @Override
    String celForbidden(String runAsNonRoot) {
        return runAsNonRoot + " == false";
    }

    @Override
    String celProblem() {
        return "must set securityContext.runAsNonRoot=true, on the pod or the container, and not false";
    }

    @Override
    String celAppliesWhen() {
        return PodSecurityExemption.USER_NAMESPACES.celUnlessExempt(userNamespacesRelaxed);
    }
}
