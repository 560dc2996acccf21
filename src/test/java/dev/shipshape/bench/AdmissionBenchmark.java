package dev.shipshape.bench;

import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.webhook.AdmissionDecider;
import dev.shipshape.webhook.AdmissionOutcome;
import dev.shipshape.webhook.AdmissionRequest;
import dev.shipshape.webhook.AdmissionReviews;
import dev.shipshape.webhook.BadReviewException;
import dev.shipshape.webhook.WebhookKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the admission server does per review once the body is in: read the AdmissionReview, decide it against
 * one Enforce policy of the {@code hardened} profile and write the answer. The webhook load benchmark
 * ({@code make bench-webhook}) adds HTTP, TLS and the network on top of this.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdmissionBenchmark {

    private final AdmissionDecider decider = new AdmissionDecider(Set.of("kube-system"), 1000, WorkloadKinds.BUILT_IN);
    private final Map<String, String> namespaceLabels = Map.of("kubernetes.io/metadata.name", "shop");
    private final Instant now = Instant.now();
    private List<CompiledPolicy> enforce;
    private List<CompiledPolicy> mutate;
    private byte[] compliantReview;
    private byte[] violatingReview;

    @Setup
    public void setUp() throws IOException, InvalidPolicyException {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(Mode.Enforce);
        enforce = List.of(TestPolicies.withActions(PolicyCompiler.compile("production", spec),
                Mode.Enforce, AdmissionRemediation.None));
        mutate = List.of(TestPolicies.withActions(PolicyCompiler.compile("staging", spec),
                Mode.Warn, AdmissionRemediation.Mutate));
        compliantReview = fixture("create-hardened-deployment.json");
        violatingReview = fixture("create-bad-deployment.json");
    }

    @Benchmark
    public byte[] readOnly() throws BadReviewException {
        AdmissionRequest request = AdmissionReviews.read(violatingReview);
        return AdmissionReviews.response(request.uid(), AdmissionOutcome.skipped("other"));
    }

    @Benchmark
    public byte[] enforceCompliant() throws BadReviewException {
        return review(WebhookKind.ENFORCE, enforce, compliantReview);
    }

    @Benchmark
    public byte[] enforceViolating() throws BadReviewException {
        return review(WebhookKind.ENFORCE, enforce, violatingReview);
    }

    @Benchmark
    public byte[] mutateViolating() throws BadReviewException {
        return review(WebhookKind.MUTATE, mutate, violatingReview);
    }

    private byte[] review(WebhookKind webhook, List<CompiledPolicy> policies, byte[] body)
            throws BadReviewException {
        AdmissionRequest request = AdmissionReviews.read(body);
        AdmissionOutcome outcome = decider.decide(webhook, request, policies, name -> namespaceLabels,
                OwnerLookup.NONE, now);
        return AdmissionReviews.response(request.uid(), outcome);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = AdmissionBenchmark.class.getResourceAsStream("/webhook/reviews/" + name)) {
            return in.readAllBytes();
        }
    }
}
