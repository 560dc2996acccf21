package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.PolicySpecReader;

import java.util.List;
import java.util.Objects;

/**
 * Checks a HardeningPolicy at apply as the operator will compile it, so that {@code kubectl apply} refuses an invalid
 * one with every problem and its field path, instead of status saying so later. Pure: no I/O.
 * <p>
 * Only a change of the spec is judged: an update that leaves the spec as it was (a label, the operator's finalizer) or
 * touches a policy being deleted is allowed, so an invalid policy applied while the webhook was down can still be
 * labelled, fixed in steps and deleted.
 */
public final class PolicyReview {

    private PolicyReview() {
    }

    /** The problems that refuse the request; empty when it may proceed. */
    public static List<FieldProblem> problems(AdmissionRequest request) {
        JsonNode object = request.object();
        if (object == null || !HardeningPolicy.KIND.equals(object.path("kind").asText())) {
            return List.of();
        }
        if (object.path("metadata").hasNonNull("deletionTimestamp")) {
            return List.of();
        }
        JsonNode spec = object.get("spec");
        if (request.oldObject() != null && Objects.equals(spec, request.oldObject().get("spec"))) {
            return List.of();
        }
        try {
            HardeningPolicySpec read = PolicySpecReader.read(spec);
            return PolicyCompiler.problems(read);
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
    }
}
