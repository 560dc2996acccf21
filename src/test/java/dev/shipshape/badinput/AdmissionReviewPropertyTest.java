package dev.shipshape.badinput;

import dev.shipshape.webhook.WebhookKind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid AdmissionReviews, truncated, retyped, stripped of required fields, nested thousands of levels deep, blown
 * up to megabytes, broken in their UTF-8 or given duplicate keys, unknown kinds and operations: every webhook
 * answers each with an AdmissionReview that echoes the uid or with HTTP 400 naming the field or position, within
 * seconds, and never with a 500 or an exception.
 */
class AdmissionReviewPropertyTest {

    @Provide
    Arbitrary<MutatedJson> reviews() {
        return AdmissionCorpus.reviews();
    }

    @Property(tries = 600)
    void everyMutatedReviewGetsAReviewOrA400NamingTheField(@ForAll("reviews") MutatedJson review) {
        Verdict verdict = AdmissionCorpus.check(review.bytes());

        assertThat(verdict.violations()).as("%s", review).isEmpty();
        Statistics.label("status on enforce/advisory/mutate").collect(verdict.outcome());
    }

    @Example
    void everyUnchangedReviewIsAnsweredWithItsUid() {
        for (Map.Entry<String, String> review : Samples.reviews().entrySet()) {
            byte[] body = review.getValue().getBytes(StandardCharsets.UTF_8);
            // this fixture is a Deployment of the wrong shape, refused by every webhook that decides it
            int expected = review.getKey().equals("create-wrong-shape-deployment.json") ? 400 : 200;
            for (WebhookKind webhook : AdmissionCorpus.WORKLOAD_WEBHOOKS) {
                assertThat(AdmissionCorpus.answer(webhook, body).status()).as("%s on %s", review.getKey(), webhook)
                        .isEqualTo(expected);
            }
            assertThat(AdmissionCorpus.check(body).violations()).as(review.getKey()).isEmpty();
        }
    }

    @Example
    void limitsAndTheirNeighboursAreRefusedWithA400() {
        List<String> bodies = List.of(
                "",
                " ",
                "null",
                "[]",
                "\"AdmissionReview\"",
                "{}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
                "[".repeat(199) + "]".repeat(199),
                "[".repeat(201) + "]".repeat(201),
                "{\"a\":".repeat(100_000),
                "{\"apiVersion\":" + "9".repeat(1_001) + "}",
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"apiVersion\":\"v1\"}");
        for (String body : bodies) {
            Verdict verdict = AdmissionCorpus.check(body.getBytes(StandardCharsets.UTF_8));
            assertThat(verdict.violations()).as(Verdict.abbreviate(body)).isEmpty();
            assertThat(verdict.outcome()).as(Verdict.abbreviate(body)).isEqualTo("400/400/400");
        }
    }
}
