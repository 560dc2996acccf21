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
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;

import java.util.List;

/** Pod Security Standards baseline "HostProcess": neither the pod nor a container may run as a Windows HostProcess. */
public final class WindowsHostProcessCheck implements Check {

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

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        PodSecurityContext podContext = workload.podSpec().getSecurityContext();
        if (podContext != null && isHostProcess(podContext.getWindowsOptions())) {
            findings.pod(FIELD, "pod must not set securityContext.windowsOptions.hostProcess=true");
        }
        List<ContainerRef> containers = workload.containers();
        for (int index = 0; index < containers.size(); index++) {
            ContainerRef container = containers.get(index);
            SecurityContext context = container.securityContext();
            if (context != null && isHostProcess(context.getWindowsOptions())) {
                findings.container(container, FIELD,
                        container.describe() + " must not set securityContext.windowsOptions.hostProcess=true");
            }
        }
    }

    private static boolean isHostProcess(WindowsSecurityContextOptions options) {
        return options != null && Boolean.TRUE.equals(options.getHostProcess());
    }
}
