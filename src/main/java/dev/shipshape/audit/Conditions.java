package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.Condition;
import dev.shipshape.api.v1alpha1.ConditionStatus;

import java.time.Instant;
import java.util.List;

/** Kubernetes-style conditions of Shipshape's resources. Pure. */
final class Conditions {

    private Conditions() {
    }

    /**
     * The condition {@code type} at {@code value}; its lastTransitionTime is kept from {@code previous} while the
     * value does not change.
     *
     * @param previous the conditions the status had, empty when it had none
     */
    static Condition of(String type, List<Condition> previous, long generation, ConditionStatus value,
                        String reason, String message, Instant now) {
        Condition condition = new Condition();
        condition.setType(type);
        condition.setStatus(value);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
        condition.setLastTransitionTime(now.toString());
        for (Condition before : previous) {
            if (type.equals(before.getType()) && before.getStatus() == value && before.getLastTransitionTime() != null) {
                condition.setLastTransitionTime(before.getLastTransitionTime());
            }
        }
        return condition;
    }
}
