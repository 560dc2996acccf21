package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.CelRule;

/**
 * Pod Security Standards restricted "/proc Mount Type": containers must keep the default masked /proc, even
 * in a user namespace. Replaces {@code proc-mount}, whose user-namespace relaxation only baseline grants, from
 * Pod Security Standards 1.35 on, when that relaxation came; before, {@code proc-mount} decides the same.
 */
public final class ProcMountRestrictedCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("proc-mount-restricted")
            .title("/proc mount type (restricted)")
            .category(Category.KERNEL)
            .profile(Profile.RESTRICTED)
            .severity(Severity.HIGH)
            .podSecurityControl("/proc Mount Type", PodSecurityExemption.USER_NAMESPACES.since())
            .fields(ProcMountCheck.FIELDS)
            .overrides("proc-mount")
            .why("An unmasked /proc exposes kernel interfaces that the default masks hide; the restricted profile "
                    + "keeps them masked even for pods in their own user namespace.")
            .fix(ProcMountCheck.FIX)
            .build();

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        ProcMountCheck.reportNonDefaultProcMounts(workload, findings, "");
    }

    @Override
    public CelRule celRule() {
        return ProcMountCheck.nonDefaultProcMountRule();
    }
}
