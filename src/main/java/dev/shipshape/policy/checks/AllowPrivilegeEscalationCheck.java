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
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.List;
import java.util.Set;

/**
 * Pod Security Standards restricted "Privilege Escalation": every container must set
 * {@code allowPrivilegeEscalation: false}. Windows pods are exempt from Pod Security Standards
 * 1.25 on, as the field does not apply to them; Pod Security Admission runs the control from 1.8 on.
 */
public final class AllowPrivilegeEscalationCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("allow-privilege-escalation")
            .title("Privilege escalation")
            .category(Category.PRIVILEGES)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("Privilege Escalation", 8)
            .podSecurityChange(PodSecurityExemption.WINDOWS.since(),
                    PodSecurityExemption.WINDOWS.change())
            .fields(ContainerFields.inEveryContainer("securityContext.allowPrivilegeEscalation"))
            .fields("spec.os.name")
            .why("Unless it is false, a process can gain more privileges than its parent through set-user-ID "
                    + "binaries or file capabilities, turning any code execution into root inside the container.")
            .fix("Set securityContext.allowPrivilegeEscalation: false in every container.")
            .remediation("Sets securityContext.allowPrivilegeEscalation: false in every init and regular container "
                    + "that does not set it; an explicit true is left alone, and so are privileged containers and "
                    + "containers that add SYS_ADMIN, where the API server refuses false.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "allowPrivilegeEscalation");

    private final boolean windowsExempt;

    public AllowPrivilegeEscalationCheck() {
        this(true);
    }

    private AllowPrivilegeEscalationCheck(boolean windowsExempt) {
        this.windowsExempt = windowsExempt;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new AllowPrivilegeEscalationCheck(PodSecurityExemption.WINDOWS.appliesAt(version));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (PodSecurityExemption.WINDOWS.exempts(windowsExempt, workload)) {
            return;
        }
        workload.forEachContainer(container -> {
            SecurityContext securityContext = container.securityContext();
            Boolean allowed = securityContext == null ? null : securityContext.getAllowPrivilegeEscalation();
            if (allowed == null) {
                findings.container(container, FIELD,
                        container.describe() + " must set securityContext.allowPrivilegeEscalation=false");
            } else if (allowed) {
                findings.container(container, FIELD, container.describe()
                        + " must set securityContext.allowPrivilegeEscalation=false, not true");
            }
        });
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
            if (escalatesAnyway(ref.securityContext())) {
                continue;
            }
            SecurityContext securityContext = SecurityContexts.getOrCreate(ref.container());
            if (securityContext.getAllowPrivilegeEscalation() == null) {
                securityContext.setAllowPrivilegeEscalation(false);
                changed = true;
            }
        }
        return changed;
    }

    /**
     * True for a privileged container or one that adds SYS_ADMIN: it can always escalate, and the API server refuses
     * {@code allowPrivilegeEscalation: false} beside privileged or CAP_SYS_ADMIN.
     */
    private static boolean escalatesAnyway(SecurityContext context) {
        if (context == null) {
            return false;
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            return true;
        }
        List<String> added = context.getCapabilities() == null ? null : context.getCapabilities().getAdd();
        return added != null && (added.contains("SYS_ADMIN") || added.contains("CAP_SYS_ADMIN"));
    }

    @Override
    public CelRule celRule() {
        return CelRule.containers(Cel.not(Cel.whenSet(Cel.CONTAINER, FIELD, allowed -> allowed + " == false")),
                "must set securityContext.allowPrivilegeEscalation=false")
                .onlyWhen(PodSecurityExemption.WINDOWS.celUnlessExempt(windowsExempt));
    }
}
