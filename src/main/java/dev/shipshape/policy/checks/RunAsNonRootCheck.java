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
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;

/**
 * Pod Security Standards restricted "Running as Non-root": the pod, or else every container, must set
 * {@code runAsNonRoot: true}, and nothing may set it to false. Pods in their own user namespace
 * ({@code hostUsers: false}) are exempt. A container without its own value inherits the pod's, so when the
 * pod sets false only the pod is reported.
 */
public final class RunAsNonRootCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("run-as-non-root")
            .title("Running as non-root")
            .category(Category.IDENTITY)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Running as Non-root")
            .fields("spec.securityContext.runAsNonRoot")
            .fields(ContainerFields.inEveryContainer("securityContext.runAsNonRoot"))
            .fields("spec.hostUsers")
            .why("A process running as UID 0 is root on the node as soon as it escapes the container; "
                    + "runAsNonRoot makes the kubelet refuse to start an image whose user is root.")
            .fix("Set securityContext.runAsNonRoot: true in the pod (or every container) and run the image as a "
                    + "non-root UID such as 1001.")
            .remediation("Sets spec.securityContext.runAsNonRoot: true when the pod does not set it, or, when "
                    + "pod-level fields may not change, runAsNonRoot: true in each offending init and regular "
                    + "container that does not set it; an explicit false is left alone.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "runAsNonRoot");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (workload.usesUserNamespace()) {
            return;
        }
        Boolean podValue = podRunAsNonRoot(workload.podSpec());
        if (Boolean.FALSE.equals(podValue)) {
            findings.pod(FIELD, "pod must not set securityContext.runAsNonRoot=false");
        }
        List<ContainerRef> containers = workload.containers();
        for (int i = 0; i < containers.size(); i++) {
            ContainerRef container = containers.get(i);
            Boolean value = containerRunAsNonRoot(container.container());
            if (Boolean.FALSE.equals(value)) {
                findings.container(container, FIELD,
                        container.describe() + " must not set securityContext.runAsNonRoot=false");
            } else if (value == null && podValue == null) {
                findings.container(container, FIELD, "pod or " + container.describe()
                        + " must set securityContext.runAsNonRoot=true");
            }
        }
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        if (workload.usesUserNamespace()) {
            return false;
        }
        PodSpec spec = workload.podSpec();
        if (podRunAsNonRoot(spec) != null || !anyContainerUnset(workload)) {
            return false;
        }
        if (target.podLevelAllowed()) {
            if (spec.getSecurityContext() == null) {
                spec.setSecurityContext(new PodSecurityContext());
            }
            spec.getSecurityContext().setRunAsNonRoot(true);
            return true;
        }
        boolean changed = false;
        for (ContainerRef ref : workload.containers()) {
            if (ref.type() == ContainerType.EPHEMERAL || !target.includes(ref)
                    || containerRunAsNonRoot(ref.container()) != null) {
                continue;
            }
            Container container = ref.container();
            if (container.getSecurityContext() == null) {
                container.setSecurityContext(new SecurityContext());
            }
            container.getSecurityContext().setRunAsNonRoot(true);
            changed = true;
        }
        return changed;
    }

    private static boolean anyContainerUnset(Workload workload) {
        for (ContainerRef container : workload.containers()) {
            if (containerRunAsNonRoot(container.container()) == null) {
                return true;
            }
        }
        return false;
    }

    private static Boolean podRunAsNonRoot(PodSpec spec) {
        return spec.getSecurityContext() == null ? null : spec.getSecurityContext().getRunAsNonRoot();
    }

    private static Boolean containerRunAsNonRoot(Container container) {
        return container.getSecurityContext() == null ? null : container.getSecurityContext().getRunAsNonRoot();
    }
}
