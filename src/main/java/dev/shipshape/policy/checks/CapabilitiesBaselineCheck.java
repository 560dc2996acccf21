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
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Set;

/**
 * Pod Security Standards baseline "Capabilities": containers may only add capabilities from the container
 * runtime's default set.
 */
public final class CapabilitiesBaselineCheck implements Check {

    /** The capabilities container runtimes grant by default; adding them back after a drop is harmless. */
    private static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("capabilities-baseline")
            .title("Capabilities beyond the default set")
            .category(Category.PRIVILEGES)
            .profile(Profile.BASELINE)
            .severity(Severity.CRITICAL)
            .podSecurityControl("Capabilities")
            .fields(ContainerFields.inEveryContainer("securityContext.capabilities.add"))
            .why("Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container root powers over the "
                    + "kernel and the node's network, enough to break out of the container.")
            .fix("Add only capabilities from the default set (e.g. NET_BIND_SERVICE) to securityContext.capabilities.add.")
            .build();

    private static final FieldPath ADD = FieldPath.of("securityContext", "capabilities", "add");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        List<ContainerRef> containers = workload.containers();
        for (int index = 0; index < containers.size(); index++) {
            ContainerRef container = containers.get(index);
            SecurityContext context = container.securityContext();
            Capabilities capabilities = context == null ? null : context.getCapabilities();
            List<String> added = capabilities == null ? null : capabilities.getAdd();
            if (added == null) {
                continue;
            }
            for (int i = 0; i < added.size(); i++) {
                String capability = added.get(i);
                if (capability == null || !DEFAULT_CAPABILITIES.contains(capability)) {
                    findings.container(container, ADD.index(i), container.describe() + " must not add capability \""
                            + (capability == null ? "" : capability) + "\" (securityContext.capabilities.add)");
                }
            }
        }
    }

    @Override
    public CelRule celRule() {
        return CelRule.containers(Cel.whenSet(Cel.CONTAINER, ADD,
                added -> added + ".exists(capability, !(capability in " + Cel.list(DEFAULT_CAPABILITIES) + "))"),
                "must add only default capabilities (securityContext.capabilities.add)");
    }
}
