package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pod Security Standards restricted "Capabilities": every container must drop {@code ALL} and may add back
 * only {@code NET_BIND_SERVICE}. Windows pods are exempt from Pod Security Standards 1.25 on;
 * Pod Security Admission runs the control from 1.22 on. Replaces {@code capabilities-baseline} while active.
 */
public final class CapabilitiesDropAllCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("capabilities-drop-all")
            .title("Capabilities dropped")
            .category(Category.PRIVILEGES)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Capabilities", 22)
            .podSecurityChange(PodSecurityExemption.WINDOWS.since(),
                    PodSecurityExemption.WINDOWS.change())
            .overrides("capabilities-baseline")
            .fields(ContainerFields.inEveryContainer("securityContext.capabilities.drop",
                    "securityContext.capabilities.add"))
            .fields("spec.os.name")
            .why("The runtime's default capabilities (NET_RAW, CHOWN, SETUID, ...) let a compromised process "
                    + "spoof traffic or change identities; an application needs at most NET_BIND_SERVICE.")
            .fix("Set securityContext.capabilities.drop: [\"ALL\"] and add back only NET_BIND_SERVICE if needed.")
            .remediation("Adds \"ALL\" to securityContext.capabilities.drop of each offending init and regular "
                    + "container that does not drop it, creating the list as needed; capabilities.add is never "
                    + "changed.")
            .build();

    private static final String ALL = "ALL";
    private static final String NET_BIND_SERVICE = "NET_BIND_SERVICE";

    private static final FieldPath DROP = FieldPath.of("securityContext", "capabilities", "drop");
    private static final FieldPath ADD = FieldPath.of("securityContext", "capabilities", "add");

    private final boolean windowsExempt;

    public CapabilitiesDropAllCheck() {
        this(true);
    }

    private CapabilitiesDropAllCheck(boolean windowsExempt) {
        this.windowsExempt = windowsExempt;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new CapabilitiesDropAllCheck(PodSecurityExemption.WINDOWS.appliesAt(version));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (PodSecurityExemption.WINDOWS.exempts(windowsExempt, workload)) {
            return;
        }
        List<ContainerRef> containers = workload.containers();
        for (int i = 0; i < containers.size(); i++) {
            ContainerRef container = containers.get(i);
            Capabilities capabilities = capabilitiesOf(container.container());
            if (capabilities == null || !dropsAll(capabilities)) {
                findings.container(container, DROP,
                        container.describe() + " must set securityContext.capabilities.drop=[\"ALL\"]");
            }
            List<String> added = capabilities == null ? null : capabilities.getAdd();
            if (added == null) {
                continue;
            }
            for (int j = 0; j < added.size(); j++) {
                String capability = added.get(j);
                if (!NET_BIND_SERVICE.equals(capability)) {
                    findings.container(container, ADD.index(j), container.describe() + " must not add capability \""
                            + (capability == null ? "" : capability)
                            + "\" (securityContext.capabilities.add); only NET_BIND_SERVICE is allowed");
                }
            }
        }
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        if (workload.isWindows()) {
            return false;
        }
        boolean changed = false;
        for (ContainerRef ref : workload.containers()) {
            if (!target.includes(ref)) {
                continue;
            }
            Container container = ref.container();
            Capabilities capabilities = capabilitiesOf(container);
            if (capabilities != null && dropsAll(capabilities)) {
                continue;
            }
            if (capabilities == null) {
                capabilities = new Capabilities();
                SecurityContexts.getOrCreate(container).setCapabilities(capabilities);
            }
            List<String> drop = new ArrayList<>();
            if (capabilities.getDrop() != null) {
                drop.addAll(capabilities.getDrop());
            }
            drop.add(ALL);
            capabilities.setDrop(drop);
            changed = true;
        }
        return changed;
    }

    private static boolean dropsAll(Capabilities capabilities) {
        List<String> dropped = capabilities.getDrop();
        if (dropped == null) {
            return false;
        }
        for (int i = 0; i < dropped.size(); i++) {
            if (ALL.equals(dropped.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static Capabilities capabilitiesOf(Container container) {
        return container.getSecurityContext() == null ? null : container.getSecurityContext().getCapabilities();
    }

    @Override
    public CelRule celRule() {
        String dropsAll = Cel.whenSet(Cel.CONTAINER, DROP, dropped -> Cel.quote(ALL) + " in " + dropped);
        String addsOther = Cel.whenSet(Cel.CONTAINER, ADD,
                added -> added + ".exists(capability, capability != " + Cel.quote(NET_BIND_SERVICE) + ")");
        return CelRule.containers(Cel.anyOf(Cel.not(dropsAll), addsOther),
                        "must set securityContext.capabilities.drop=[\"ALL\"] and add at most NET_BIND_SERVICE")
                .onlyWhen(PodSecurityExemption.WINDOWS.celUnlessExempt(windowsExempt));
    }
}
