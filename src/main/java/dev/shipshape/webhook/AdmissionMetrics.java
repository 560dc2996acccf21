package dev.shipshape.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code shipshape_admission_reviews_total{webhook,operation,kind,decision}},
 * {@code shipshape_admission_review_duration_seconds{webhook}}, and the large review bodies held and waiting,
 * {@code shipshape_admission_held_body_bytes} and {@code shipshape_admission_large_reviews_waiting}. Labels are bounded: webhooks, operations,
 * workload kinds and decisions are closed sets; names of workloads never appear.
 */
@ApplicationScoped
public class AdmissionMetrics {

    private final MeterRegistry registry;
    private final Map<WebhookKind, Timer> durations = new EnumMap<>(WebhookKind.class);

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WebhookKind webhook : WebhookKind.values()) {
            durations.put(webhook, Timer.builder("shipshape.admission.review.duration")
                    .description("Time to answer an admission review")
                    .tag("webhook", webhook.label())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry));
        }
    }

    public void record(WebhookKind webhook, String operation, String kind, Decision decision, long nanos) {
        Counter.builder("shipshape.admission.reviews")
                .description("Admission reviews answered, by webhook, operation, workload kind and decision")
                .tag("webhook", webhook.label())
                .tag("operation", boundedOperation(operation))
                .tag("kind", kind)
                .tag("decision", decision.label())
                .register(registry)
                .increment();
        durations.get(webhook).record(Duration.ofNanos(nanos));
    }

    /**
     * Counts the findings that denied a review or were returned as warnings, by policy and check: which policies and
     * checks block most. Bounded: policies × checks × 2.
     */
    public void recordFindings(WebhookKind webhook, List<AdmissionOutcome.PolicyFinding> findings) {
        for (AdmissionOutcome.PolicyFinding finding : findings) {
            Counter.builder("shipshape.admission.findings")
                    .description("Findings that denied an admission review or were returned as warnings, by "
                            + "webhook, policy, check and action")
                    .tag("webhook", webhook.label())
                    .tag("policy", finding.policy())
                    .tag("check", finding.check())
                    .tag("action", finding.denied() ? "denied" : "warned")
                    .register(registry)
                    .increment();
        }
    }

    void watch(BodyBudget largeBodies) {
        Gauge.builder("shipshape.admission.held.body.bytes", largeBodies, BodyBudget::held)
                .description("Bytes of large review bodies held, from the first byte received until answered")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("shipshape.admission.large.reviews.waiting", largeBodies, BodyBudget::waiting)
                .description("Large reviews left unread until the held body bytes leave room for them")
                .register(registry);
    }

    private static String boundedOperation(String operation) {
        return switch (operation) {
            case "CREATE", "UPDATE", "DELETE", "CONNECT" -> operation;
            default -> "other";
        };
    }
}
