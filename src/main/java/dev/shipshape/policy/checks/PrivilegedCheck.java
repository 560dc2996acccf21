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

/** Pod Security Standards baseline "Privileged Containers": no container may run privileged. */
public final class PrivilegedCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("privileged")
            .title("Privileged containers")
            .category(Category.PRIVILEGES)
            .profile(Profile.BASELINE)
            .severity(Severity.CRITICAL)
            .podSecurityControl("Privileged Containers")
            .fields("spec.containers[*].securityContext.privileged",
                    "spec.initContainers[*].securityContext.privileged",
                    "spec.ephemeralContainers[*].securityContext.privileged")
            .why("A privileged container has every capability and full access to the host's devices; "
                    + "escaping to the node is trivial.")
            .fix("Remove securityContext.privileged or set it to false.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("securityContext", "privileged");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        workload.forEachContainer(container -> {
            if (container.securityContext() != null
                    && Boolean.TRUE.equals(container.securityContext().getPrivileged())) {
                findings.container(container, FIELD,
                        container.describe() + " must not set securityContext.privileged=true");
            }
        });
    }

    @Override
    public CelRule celRule() {
        return CelRule.containers(Cel.isTrue(Cel.CONTAINER, FIELD), "must not set securityContext.privileged=true");
    }
}
