package dev.shipshape.policy.checks;

import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.RemediationTarget;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.function.Function;

/**
 * Shared rule of {@link RunAsNonRootCheck} and {@link SeccompRestrictedCheck}: a {@link SecurityContextSettingCheck}
 * whose setting the pod, or else every container, must set, so a container that sets nothing is reported too
 * when the pod sets nothing either. The remediation sets the pod's value or, when pod-level fields may not
 * change, the value of each targeted init and regular container that sets none; values that are set stay.
 *
 * @param <T> the type of the setting's value
 */
abstract class RequiredSecurityContextSettingCheck<T> extends SecurityContextSettingCheck<T> {

    private final String requirement;

    /**
     * @param requirement what a container without a value must set, after "pod or {@code <container>} must set",
     *                    e.g. {@code securityContext.runAsNonRoot=true}
     */
    RequiredSecurityContextSettingCheck(FieldPath field, Function<PodSecurityContext, T> inPod,
                                        Function<SecurityContext, T> inContainer, String requirement) {
        super(field, inPod, inContainer);
        this.requirement = requirement;
    }

    /** Sets the value the remediation chooses in the pod's security context. */
    abstract void setSafeValue(PodSecurityContext context);

    /** Sets the value the remediation chooses in a container's security context. */
    abstract void setSafeValue(SecurityContext context);

    @Override
    final String celUnsetViolates() {
        return Cel.allOf(Cel.not(Cel.has(Cel.CONTAINER, celValue())), Cel.not(Cel.has(Cel.SPEC, celValue())));
    }

    @Override
    final void reportUnset(ContainerRef container, FindingSink findings) {
        findings.container(container, field, "pod or " + container.describe() + " must set " + requirement);
    }

    /**
     * False when giving {@code container} the safe value would make the API server or the kubelet refuse the pod;
     * the remediation then leaves the container, and the pod level it would inherit from, alone.
     */
    boolean mayTakeSafeValue(Workload workload, ContainerRef container) {
        return true;
    }

    /** False when setting the safe value at pod level would make the API server refuse the pod. */
    boolean podMayTakeSafeValue(Workload workload) {
        return true;
    }

    @Override
    public boolean remediate(Workload workload, RemediationTarget target) {
        PodSpec spec = workload.podSpec();
        if (!appliesTo(workload) || podValue(spec) != null || !anyContainerUnset(workload)) {
            return false;
        }
        if (target.podLevelAllowed() && podMayTakeSafeValue(workload) && everyUnsetContainerMayTakeIt(workload)) {
            setSafeValue(SecurityContexts.getOrCreate(spec));
            return true;
        }
        boolean changed = false;
        for (ContainerRef ref : workload.containers()) {
            if (!target.includes(ref) || containerValue(ref.container()) != null
                    || !mayTakeSafeValue(workload, ref)) {
                continue;
            }
            setSafeValue(SecurityContexts.getOrCreate(ref.container()));
            changed = true;
        }
        return changed;
    }

    /** Ephemeral containers included: they inherit a pod-level value too. */
    private boolean everyUnsetContainerMayTakeIt(Workload workload) {
        for (ContainerRef container : workload.containers()) {
            if (containerValue(container.container()) == null && !mayTakeSafeValue(workload, container)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyContainerUnset(Workload workload) {
        for (ContainerRef container : workload.containers()) {
            if (containerValue(container.container()) == null) {
                return true;
            }
        }
        return false;
    }
}
