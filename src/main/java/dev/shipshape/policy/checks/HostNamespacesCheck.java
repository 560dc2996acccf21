package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.PodSpec;

/** Pod Security Standards baseline "Host Namespaces": the pod must not share the host's network, PID or IPC namespace. */
public final class HostNamespacesCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("host-namespaces")
            .title("Host namespaces")
            .category(Category.HOST_ISOLATION)
            .profile(Profile.BASELINE)
            .severity(Severity.CRITICAL)
            .podSecurityControl("Host Namespaces")
            .fields("spec.hostNetwork", "spec.hostPID", "spec.hostIPC")
            .why("A pod in the host's network, PID or IPC namespace can sniff node traffic, reach services bound to "
                    + "localhost, and see or signal every process on the node.")
            .fix("Remove hostNetwork, hostPID and hostIPC or set them to false.")
            .build();

    private static final FieldPath HOST_NETWORK = FieldPath.of("hostNetwork");
    private static final FieldPath HOST_PID = FieldPath.of("hostPID");
    private static final FieldPath HOST_IPC = FieldPath.of("hostIPC");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        PodSpec spec = workload.podSpec();
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            findings.pod(HOST_NETWORK, "pod must not set hostNetwork=true");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            findings.pod(HOST_PID, "pod must not set hostPID=true");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            findings.pod(HOST_IPC, "pod must not set hostIPC=true");
        }
    }

    @Override
    public CelRule celRule() {
        return CelRule.pod(Cel.anyOf(Cel.isTrue(Cel.SPEC, HOST_NETWORK), Cel.isTrue(Cel.SPEC, HOST_PID),
                Cel.isTrue(Cel.SPEC, HOST_IPC)), "must not set hostNetwork, hostPID or hostIPC to true");
    }
}
