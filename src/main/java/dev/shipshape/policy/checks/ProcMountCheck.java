package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Pod Security Standards baseline "/proc Mount Type": containers must keep the default masked /proc, unless
 * the pod runs in its own user namespace ({@code hostUsers: false}), where an unmasked /proc exposes nothing
 * of the host; that relaxation applies from Pod Security Standards 1.35 on.
 */
public final class ProcMountCheck implements Check {

    static final String FIX = "Remove securityContext.procMount or set it to Default.";
    static final String[] FIELDS = ContainerFields.inEveryContainer("securityContext.procMount");

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("proc-mount")
            .title("/proc mount type")
            .category(Category.KERNEL)
            .profile(Profile.BASELINE)
            .severity(Severity.HIGH)
            .podSecurityControl("/proc Mount Type")
            .podSecurityChange(PodSecurityExemption.USER_NAMESPACES.since(),
                    PodSecurityExemption.USER_NAMESPACES.change())
            .fields(FIELDS)
            .fields("spec.hostUsers")
            .why("An unmasked /proc exposes kernel interfaces and host information that the default masks hide; "
                    + "it is only safe when the pod has its own user namespace (hostUsers: false).")
            .fix(FIX + " Unmasked is allowed only with hostUsers: false (Pod Security Standards 1.35+).")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "procMount");

    private final boolean userNamespacesRelaxed;

    public ProcMountCheck() {
        this(true);
    }

    private ProcMountCheck(boolean userNamespacesRelaxed) {
        this.userNamespacesRelaxed = userNamespacesRelaxed;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check forPodSecurityVersion(PodSecurityVersion version) {
        return new ProcMountCheck(PodSecurityExemption.USER_NAMESPACES.appliesAt(version));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (!PodSecurityExemption.USER_NAMESPACES.exempts(userNamespacesRelaxed, workload)) {
            reportNonDefaultProcMounts(workload, findings,
                    userNamespacesRelaxed ? " unless the pod sets hostUsers: false" : "");
        }
    }

    /** Reports every container whose procMount is set to anything but Default, ending messages with {@code suffix}. */
    static void reportNonDefaultProcMounts(Workload workload, FindingSink findings, String suffix) {
        workload.forEachContainer(container -> {
            SecurityContext context = container.securityContext();
            if (context != null && context.getProcMount() != null && !"Default".equals(context.getProcMount())) {
                findings.container(container, FIELD, container.describe() + " must not set securityContext.procMount to \""
                        + context.getProcMount() + "\"" + suffix);
            }
        });
    }

    @Override
    public CelRule celRule() {
        return nonDefaultProcMountRule().onlyWhen(PodSecurityExemption.USER_NAMESPACES.celUnlessExempt(userNamespacesRelaxed));
    }

    /** CEL of {@link #reportNonDefaultProcMounts}. */
    static CelRule nonDefaultProcMountRule() {
        return CelRule.containers(Cel.whenSet(Cel.CONTAINER, FIELD, procMount -> procMount + " != 'Default'"),
                "must not set securityContext.procMount to anything but Default");
    }
}
