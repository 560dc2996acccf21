package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.SpecReader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks Shipshape's own resources at apply as the operator will read them, so that {@code kubectl apply} refuses an
 * invalid one with every problem and its field path, instead of status saying so later: a HardeningPolicy as the
 * compiler reads it; a HardeningExemption as the compiler reads it and as the policies it asks for judge it (at
 * least one must honour it). Pure: no I/O.
 * <p>
 * Only a change of the spec is judged: an update that leaves the spec as it was (a label, the operator's finalizer) or
 * touches an object being deleted is allowed, so one applied while the webhook was down can still be labelled,
 * fixed in steps and deleted.
 */
public final class PolicyReview {

    private static final FieldPath SPEC = FieldPath.of("spec");

    private PolicyReview() {
    }

    /**
     * The problems that refuse the request; empty when it may proceed.
     *
     * @param policies the valid policies with their labels, to judge a HardeningExemption by; null while they are
     *                 not known yet (the exemption's spec is then checked alone)
     */
    public static List<FieldProblem> problems(AdmissionRequest request,
                                              List<LabelledPolicy> policies) {
        JsonNode object = request.object();
        if (object == null || object.path("metadata").hasNonNull("deletionTimestamp")) {
            return List.of();
        }
        JsonNode spec = object.get("spec");
        if (request.oldObject() != null && Objects.equals(spec, request.oldObject().get("spec"))) {
            return List.of();
        }
        String kind = object.path("kind").asText();
        if (HardeningPolicy.KIND.equals(kind)) {
            return policyProblems(spec);
        }
        if (HardeningExemption.KIND.equals(kind)) {
            return exemptionProblems(object, spec, policies);
        }
        return List.of();
    }

    private static List<FieldProblem> policyProblems(JsonNode spec) {
        try {
            return PolicyCompiler.problems(SpecReader.read(spec, HardeningPolicySpec.class, HardeningPolicySpec::new));
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
    }

    private static List<FieldProblem> exemptionProblems(JsonNode object, JsonNode spec,
                                                        List<LabelledPolicy> policies) {
        ExemptionRequest request;
        try {
            JsonNode metadata = object.path("metadata");
            request = ExemptionRequests.compile(metadata.path("namespace").asText(""),
                    metadata.path("name").asText(""),
                    ExemptionRequests.created(metadata.path("creationTimestamp").textValue(), Instant.now()),
                    SpecReader.read(spec, HardeningExemptionSpec.class, HardeningExemptionSpec::new));
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
        if (policies == null) {
            return List.of();
        }
        ExemptionRequests.Decisions decisions = ExemptionRequests.decide(request, policies);
        if (decisions.accepted()) {
            return List.of();
        }
        List<FieldProblem> problems = new ArrayList<>();
        decisions.refusedBy().values()
                .forEach(refusal -> problems.add(new FieldProblem(SPEC.field("policies"), refusal)));
        if (problems.isEmpty()) {
            problems.add(new FieldProblem(SPEC.field("policySelector"), "selects no HardeningPolicy"));
        }
        return problems;
    }
}
