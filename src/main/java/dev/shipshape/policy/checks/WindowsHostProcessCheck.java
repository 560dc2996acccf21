package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;

/** Pod Security Standards baseline "HostProcess": neither the pod nor a container may run as a Windows HostProcess. */
public final class WindowsHostProcessCheck extends SecurityContextSettingCheck<WindowsSecurityContextOptions> {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("windows-host-process")
            .title("Windows HostProcess containers")
            .category(Category.HOST_ISOLATION)
            .profile(Profile.BASELINE)
            .severity(Severity.CRITICAL)
            .podSecurityControl("HostProcess")
            .fields("spec.securityContext.windowsOptions.hostProcess")
            .fields(ContainerFields.inEveryContainer("securityContext.windowsOptions.hostProcess"))
            .why("A Windows HostProcess container runs directly on the node as a host process, with the node's "
                    + "network and filesystem; it is the Windows equivalent of a privileged container.")
            .fix("Remove securityContext.windowsOptions.hostProcess or set it to false, on the pod and every container.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "windowsOptions", "hostProcess");

    public WindowsHostProcessCheck() {
        super(FIELD, PodSecurityContext::getWindowsOptions, SecurityContext::getWindowsOptions);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    boolean isForbidden(WindowsSecurityContextOptions options) {
        return Boolean.TRUE.equals(options.getHostProcess());
    }

    @Override
    String mustNotSet(WindowsSecurityContextOptions options) {
        return " must not set securityContext.windowsOptions.hostProcess=true";
    }

    @Override
    FieldPath celValue() {
        return FIELD;
    }

    @Override
    String celForbidden(String hostProcess) {
        return hostProcess + " == true";
    }

    @Override
    String celProblem() {
        return "must not set securityContext.windowsOptions.hostProcess=true";
    }
}
