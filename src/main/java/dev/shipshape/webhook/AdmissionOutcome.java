package dev.shipshape.webhook;

import dev.shipshape.policy.JsonPatchOperation;

import java.util.List;

/**
 * The answer to one review.
 *
 * @param decision what was decided, for metrics
 * @param kind the workload kind reviewed, or {@code other}, for metrics
 * @param allowed whether the request may proceed
 * @param message the denial message, or null
 * @param warnings warnings returned to the client
 * @param patch JSON patch operations to apply, empty when none
 */
public record AdmissionOutcome(Decision decision, String kind, boolean allowed, String message,
                               List<String> warnings, List<JsonPatchOperation> patch) {

    public static AdmissionOutcome skipped(String kind) {
        return new AdmissionOutcome(Decision.SKIPPED, kind, true, null, List.of(), List.of());
    }
}
