package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;

import java.util.Set;

/**
 * The pod must set {@code automountServiceAccountToken: false}. A ServiceAccount's own setting is not visible
 * in the workload, so only the pod-level field counts.
 */
public final class AutomountServiceAccountTokenCheck implements Check {

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("automount-service-account-token")
            .title("Service account token automount")
            .category(Category.API_ACCESS)
            .profile(Profile.HARDENED)
            .severity(Severity.MEDIUM)
            .fields("spec.automountServiceAccountToken")
            .why("An automounted token lets anyone who compromises the container call the Kubernetes API as the "
                    + "pod's service account; most applications never use it, and its harm depends on that "
                    + "account's RBAC, hence medium.")
            .fix("Set spec.automountServiceAccountToken: false; pods that call the API mount a projected token volume "
                    + "or get an exemption.")
            .remediation("Sets spec.automountServiceAccountToken: false when the pod does not set it; an explicit "
                    + "true is left alone.")
            .build();

    private static final FieldPath FIELD = FieldPath.of("automountServiceAccountToken");

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        Boolean automount = workload.podSpec().getAutomountServiceAccountToken();
        if (automount == null) {
            findings.pod(FIELD, "pod must set automountServiceAccountToken=false");
        } else if (automount) {
            findings.pod(FIELD, "pod must set automountServiceAccountToken=false, not true");
        }
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        if (!target.podLevelAllowed() || workload.podSpec().getAutomountServiceAccountToken() != null) {
            return false;
        }
        workload.podSpec().setAutomountServiceAccountToken(false);
        return true;
    }

    @Override
    public CelRule celRule() {
        return CelRule.pod(Cel.not(Cel.whenSet(Cel.SPEC, FIELD, automount -> automount + " == false")),
                "must set automountServiceAccountToken=false");
    }
}
