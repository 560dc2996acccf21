package dev.shipshape.policy.cel;

import dev.shipshape.policy.ContainerType;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A check as CEL, for the ValidatingAdmissionPolicies generated from policies: which pods it applies to, when the pod
 * itself violates it and when a container does. Texts use {@link Cel#SPEC}, {@link Cel#METADATA} and, for
 * containers, {@link Cel#CONTAINER}. A check that CEL cannot decide exactly as its Java predicate does is
 * {@link #webhookOnly} and stays with the webhook.
 *
 * @param appliesWhen the pods the check applies to, or null for every pod
 * @param podViolates when the pod spec or metadata violates the check, or null when only containers can
 * @param containerViolates when a container violates the check, or null when only the pod can
 * @param containerTypes the kinds of containers {@code containerViolates} is asked about
 * @param problem what a denial says after naming the pod and containers, e.g. {@code must not set ...}
 * @param webhookOnlyReason why the check has no CEL form, or null when it has one
 */
public record CelRule(String appliesWhen, String podViolates, String containerViolates,
                      Set<ContainerType> containerTypes, String problem, String webhookOnlyReason) {

    public CelRule {
        containerTypes = containerTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(containerTypes));
        if (webhookOnlyReason == null) {
            Objects.requireNonNull(problem, "problem");
            if (podViolates == null && containerViolates == null) {
                throw new IllegalArgumentException("a rule needs a pod or a container condition");
            }
        }
    }

    /** A rule on containers of every type. */
    public static CelRule containers(String containerViolates, String problem) {
        return new CelRule(null, null, containerViolates, EnumSet.allOf(ContainerType.class), problem, null);
    }

    /** A rule on the pod spec or metadata only. */
    public static CelRule pod(String podViolates, String problem) {
        return new CelRule(null, podViolates, null, Set.of(), problem, null);
    }

    /** A check that stays with the webhook, and why. */
    public static CelRule webhookOnly(String reason) {
        return new CelRule(null, null, null, Set.of(), null, Objects.requireNonNull(reason));
    }

    public boolean expressible() {
        return webhookOnlyReason == null;
    }

    /** This rule only for pods where {@code condition} holds (and any condition it already had). */
    public CelRule onlyWhen(String condition) {
        if (condition == null) {
            return this;
        }
        String applies = appliesWhen == null ? condition : Cel.allOf(appliesWhen, condition);
        return new CelRule(applies, podViolates, containerViolates, containerTypes, problem, webhookOnlyReason);
    }

    /** This rule asking {@code containerViolates} only of containers of {@code types}. */
    public CelRule forContainers(Set<ContainerType> types) {
        return new CelRule(appliesWhen, podViolates, containerViolates, types, problem, webhookOnlyReason);
    }

    /** This rule with the pod also violating it when {@code condition} holds. */
    public CelRule orPod(String condition) {
        String pod = podViolates == null ? condition : Cel.anyOf(podViolates, condition);
        return new CelRule(appliesWhen, pod, containerViolates, containerTypes, problem, webhookOnlyReason);
    }

    /** This rule with its denial text replaced. */
    public CelRule withProblem(String text) {
        return new CelRule(appliesWhen, podViolates, containerViolates, containerTypes, text, webhookOnlyReason);
    }
}
