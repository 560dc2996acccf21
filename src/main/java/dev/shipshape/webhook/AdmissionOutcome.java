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
 * @param findings the findings that denied the request or were returned as warnings, by policy and check, for metrics
 */
public record AdmissionOutcome(Decision decision, String kind, boolean allowed, String message,
                               List<String> warnings, List<JsonPatchOperation> patch, List<PolicyFinding> findings) {

    /** An answer without findings to count. */
    public AdmissionOutcome(Decision decision, String kind, boolean allowed, String message, List<String> warnings,
                            List<JsonPatchOperation> patch) {
        this(decision, kind, allowed, message, warnings, patch, List.of());
    }

    /**
     * A finding that denied a request or was returned as a warning.
     *
     * @param policy the policy's name
     * @param check the check's id
     * @param denied whether it denied the request, rather than being a warning
     */
    public record PolicyFinding(String policy, String check, boolean denied) {
    }

    public static AdmissionOutcome skipped(String kind) {
        return new AdmissionOutcome(Decision.SKIPPED, kind, true, null, List.of(), List.of());
    }
}
