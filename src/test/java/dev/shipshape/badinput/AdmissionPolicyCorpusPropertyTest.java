package dev.shipshape.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.admissionpolicy.AdmissionPolicyEquivalence;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import dev.shipshape.webhook.AdmissionReviews;
import dev.shipshape.webhook.BadReviewException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.List;
import java.util.Optional;

/**
 * The generated admission policies find what the engine finds in every object of the bad-input corpus that the API
 * server would hand to them: mutated workloads in reviews the webhook reads that still decode into their type. The
 * others are refused by the API server before admission policies run, and by the webhook with a 400.
 */
class AdmissionPolicyCorpusPropertyTest {

    private static final List<CompiledPolicy> POLICIES = List.of(CompiledPolicy.forProfile(Profile.BASELINE),
            CompiledPolicy.forProfile(Profile.HARDENED));

    @Provide
    Arbitrary<MutatedJson> reviews() {
        return AdmissionCorpus.reviews();
    }

    @Property(tries = 800)
    void generatedPoliciesFindWhatTheEngineFinds(@ForAll("reviews") MutatedJson review) {
        JsonNode object;
        try {
            object = AdmissionReviews.read(review.bytes()).object();
        } catch (BadReviewException e) {
            object = null;
        }
        Optional<JsonNode> admitted = object == null || !object.isObject() ? Optional.empty()
                : AdmissionPolicyEquivalence.asAdmitted(object);
        Statistics.label("object").collect(admitted.isPresent() ? "decoded: compared" : "refused before admission");
        admitted.ifPresent(decoded -> POLICIES.forEach(policy ->
                AdmissionPolicyEquivalence.assertSameLocations(review.toString(), policy, decoded)));
    }
}
