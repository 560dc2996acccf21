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
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.ContainerPort;

import java.util.List;

/** Pod Security Standards baseline "Host Ports": no container port may be bound to a port of the node. */
public final class HostPortsCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("host-ports")
            .title("Host ports")
            .category(Category.HOST_ISOLATION)
            .profile(Profile.BASELINE)
            .severity(Severity.MEDIUM)
            .podSecurityControl("Host Ports")
            .fields(ContainerFields.inEveryContainer("ports[*].hostPort"))
            .why("A host port exposes the container directly on the node's network, bypassing network policies "
                    + "and Services; medium because it widens exposure without granting privileges on the node.")
            .fix("Remove ports[].hostPort and expose the container through a Service.")
            .build();

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        List<ContainerRef> containers = workload.containers();
        for (int index = 0; index < containers.size(); index++) {
            ContainerRef container = containers.get(index);
            List<ContainerPort> ports = container.container().getPorts();
            if (ports == null) {
                continue;
            }
            for (int i = 0; i < ports.size(); i++) {
                Integer hostPort = ports.get(i).getHostPort();
                if (hostPort != null && hostPort != 0) {
                    findings.container(container, FieldPath.of("ports").index(i).field("hostPort"),
                            container.describe() + " must not set ports[" + i + "].hostPort to " + hostPort);
                }
            }
        }
    }

    @Override
    public CelRule celRule() {
        return CelRule.containers(Cel.whenSet(Cel.CONTAINER, FieldPath.of("ports"),
                ports -> ports + ".exists(p, has(p.hostPort) && p.hostPort != 0)"), "must not set ports[].hostPort");
    }
}
