package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;

import java.util.Collection;
import java.util.EnumSet;
import java.util.function.Function;

/**
 * Shared rule of the checks on a setting that the pod's security context and every container's hold alike
 * (runAsUser, seccompProfile, ...): the pod and each container that set a forbidden value are reported. A
 * container's own value takes precedence over the pod's, so each forbidden value is reported once, where it is set.
 *
 * @param <T> the type of the setting's value
 */
abstract class SecurityContextSettingCheck<T> implements Check {

    /** The setting's path relative to the pod spec and to a container, e.g. {@code securityContext.runAsUser}. */
    final FieldPath field;
    private final Function<PodSecurityContext, T> inPod;
    private final Function<SecurityContext, T> inContainer;

    /**
     * @param inPod reads the setting from the pod's security context, null when unset
     * @param inContainer reads the setting from a container's security context, null when unset
     */
    SecurityContextSettingCheck(FieldPath field, Function<PodSecurityContext, T> inPod,
                                Function<SecurityContext, T> inContainer) {
        this.field = field;
        this.inPod = inPod;
        this.inContainer = inContainer;
    }

    /** Whether {@code value}, which is set, is not allowed. */
    abstract boolean isForbidden(T value);

    /** What a finding on {@code value} says after naming the pod or container, e.g. {@code " must not set ..."}. */
    abstract String mustNotSet(T value);

    /** The setting's value relative to the pod spec and to a container: {@link #field} or an object holding it. */
    abstract FieldPath celValue();

    /** CEL of {@link #isForbidden} on the set value {@code value}. */
    abstract String celForbidden(String value);

    /** What a denial says after naming the pod and containers. */
    abstract String celProblem();

    /** CEL true when the profile object at {@code profile} (seccomp, AppArmor) has no type or one not {@code allowed}. */
    static String celTypeNotIn(String profile, Collection<String> allowed) {
        return "!(has(" + profile + ".type) && " + profile + ".type in " + Cel.list(allowed) + ")";
    }

    /** CEL of {@link #appliesTo}, or null when the rule applies to every pod. */
    String celAppliesWhen() {
        return null;
    }

    /** CEL of {@link #reportUnset} for a container that sets nothing while the pod sets nothing either. */
    String celUnsetViolates() {
        return null;
    }

    @Override
    public CelRule celRule() {
        FieldPath value = celValue();
        String own = Cel.whenSet(Cel.CONTAINER, value, this::celForbidden);
        String unset = celUnsetViolates();
        String container = unset == null ? own : Cel.anyOf(own, unset);
        return new CelRule(celAppliesWhen(), Cel.whenSet(Cel.SPEC, value, this::celForbidden), container,
                EnumSet.allOf(ContainerType.class), celProblem(), null);
    }

    /** False for workloads the rule does not apply to, such as Windows pods. */
    boolean appliesTo(Workload workload) {
        return true;
    }

    /**
     * Called for each container that sets nothing while the pod sets nothing either; only checks of a required
     * setting report it.
     */
    void reportUnset(ContainerRef container, FindingSink findings) {
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        if (!appliesTo(workload)) {
            return;
        }
        T podValue = podValue(workload.podSpec());
        if (podValue != null && isForbidden(podValue)) {
            findings.pod(field, "pod" + mustNotSet(podValue));
        }
        workload.forEachContainer(container -> {
            T value = containerValue(container.container());
            if (value == null) {
                if (podValue == null) {
                    reportUnset(container, findings);
                }
            } else if (isForbidden(value)) {
                findings.container(container, field, container.describe() + mustNotSet(value));
            }
        });
    }

    final T podValue(PodSpec spec) {
        return spec.getSecurityContext() == null ? null : inPod.apply(spec.getSecurityContext());
    }

    final T containerValue(Container container) {
        return container.getSecurityContext() == null ? null : inContainer.apply(container.getSecurityContext());
    }
}
