package dev.shipshape.badinput;

import dev.shipshape.policy.WorkloadKinds;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cluster.NamespaceCache;
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
import net.jqwik.api.Arbitrary;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mutated AdmissionReviews and what the webhook must do with them: answer with an AdmissionReview that echoes the
 * uid, or refuse with HTTP 400 and a message that says what is wrong and where. {@link #answer} is the request
 * path of {@code AdmissionServer} without the network: read, decide, write.
 */
final class AdmissionCorpus {

    /** The fields AdmissionRequest and the decider read, for targeted changes. */
    static final List<String> FIELDS = List.of("/apiVersion", "/kind", "/request", "/request/uid",
            "/request/operation", "/request/resource", "/request/resource/group", "/request/resource/resource",
            "/request/subResource", "/request/namespace", "/request/object", "/request/oldObject", "/request/dryRun",
            "/request/object/apiVersion", "/request/object/kind", "/request/object/metadata",
            "/request/object/metadata/name", "/request/object/metadata/generateName",
            "/request/object/metadata/namespace", "/request/object/metadata/labels",
            "/request/object/metadata/annotations", "/request/object/spec", "/request/object/spec/template",
            "/request/object/spec/template/metadata", "/request/object/spec/template/spec",
            "/request/object/spec/template/spec/containers", "/request/object/spec/template/spec/initContainers",
            "/request/object/spec/template/spec/ephemeralContainers",
            "/request/object/spec/template/spec/securityContext", "/request/object/spec/template/spec/volumes",
            "/request/object/spec/template/spec/hostNetwork", "/request/object/spec/template/spec/containers/0",
            "/request/object/spec/template/spec/containers/0/image",
            "/request/object/spec/template/spec/containers/0/securityContext",
            "/request/object/spec/template/spec/containers/0/securityContext/capabilities",
            "/request/object/spec/template/spec/containers/0/resources",
            "/request/object/spec/template/spec/containers/0/resources/limits",
            "/request/object/spec/template/spec/containers/0/ports",
            "/request/object/spec/template/spec/containers/0/env",
            "/request/object/spec/containers", "/request/object/spec/containers/0/securityContext",
            "/request/object/spec/jobTemplate/spec/template/spec/containers",
            "/request/oldObject/spec/template/spec/containers", "/request/oldObject/metadata");

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static final Map<String, String> REVIEWS = Samples.reviews();
    private static final AdmissionDecider DECIDER =
            new AdmissionDecider(Set.of("shipshape-system", "kube-system"), 1000, WorkloadKinds.BUILT_IN);
    private static final NamespaceCache NAMESPACES = new NamespaceCache(null);
    private static final Map<WebhookKind, List<CompiledPolicy>> POLICIES = policies();
    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build()).build();
    /** A position in the body: a line and column, or for bytes that are no text at all, a byte offset. */
    private static final Pattern POSITION = Pattern.compile("at line \\d+, column \\d+|byte #\\d+");

    /** The webhooks that decide workloads, which these reviews are; the one for policies has its own corpus. */
    static final List<WebhookKind> WORKLOAD_WEBHOOKS = Arrays.stream(WebhookKind.values())
            .filter(WebhookKind::reviewsWorkloads).toList();

    private AdmissionCorpus() {
    }

    static Arbitrary<MutatedJson> reviews() {
        return JsonMutations.documents(REVIEWS, FIELDS);
    }

    /** The server's answer: an AdmissionReview (status 200), or a status with an error message. */
    record Answer(int status, byte[] body, String message, RuntimeException failure) {
    }

    /** What {@code AdmissionServer} answers to {@code body} on {@code webhook}. */
    static Answer answer(WebhookKind webhook, byte[] body) {
        try {
            AdmissionRequest request = AdmissionReviews.read(body);
            AdmissionOutcome outcome = DECIDER.decide(webhook, request, POLICIES.get(webhook), NAMESPACES::labels,
                    OwnerLookup.NONE, NOW);
            return new Answer(200, AdmissionReviews.response(request.uid(), outcome), null, null);
        } catch (BadReviewException e) {
            return new Answer(400, AdmissionReviews.error(e.getMessage()), e.getMessage(), null);
        } catch (RuntimeException e) {
            return new Answer(500, null, "internal error while reviewing: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Feeds {@code body} to every webhook and checks each answer. */
    static Verdict check(byte[] body) {
        Bounded.Run<Map<WebhookKind, Answer>> run = Bounded.run(() -> {
            Map<WebhookKind, Answer> answers = new EnumMap<>(WebhookKind.class);
            for (WebhookKind webhook : AdmissionCorpus.WORKLOAD_WEBHOOKS) {
                answers.put(webhook, answer(webhook, body));
            }
            return answers;
        });
        return run.verdict(body.length, (answers, violations) -> {
            JsonNode request = lenientTree(body);
            List<String> statuses = new ArrayList<>();
            answers.forEach((webhook, answer) -> {
                statuses.add(String.valueOf(answer.status()));
                checkAnswer(webhook, answer, request, violations);
            });
            return String.join("/", statuses);
        });
    }

    private static void checkAnswer(WebhookKind webhook, Answer answer, JsonNode request, List<String> violations) {
        String on = webhook.path() + ": ";
        if (answer.status() == 200) {
            checkReview(on, answer.body(), request, violations);
        } else if (answer.status() == 400) {
            problemsOfMessage(answer.message(), request).forEach(problem -> violations.add(on + problem));
            JsonNode error = lenientTree(answer.body());
            if (error == null || !answer.message().equals(error.path("error").asText(null))) {
                violations.add(on + "the 400 body is not {\"error\": message}");
            }
        } else {
            violations.add(on + "HTTP " + answer.status() + ": " + Verdict.stackTrace(answer.failure()));
        }
    }

    private static void checkReview(String on, byte[] body, JsonNode request, List<String> violations) {
        JsonNode review = lenientTree(body);
        JsonNode response = review == null ? null : review.get("response");
        if (response == null || !"admission.k8s.io/v1".equals(review.path("apiVersion").asText())
                || !"AdmissionReview".equals(review.path("kind").asText())) {
            violations.add(on + "200 without an admission.k8s.io/v1 AdmissionReview response");
            return;
        }
        JsonNode uid = request == null ? null : request.path("request").get("uid");
        if (uid != null && uid.isTextual() && !uid.asText().equals(response.path("uid").asText(null))) {
            violations.add(on + "response.uid is not the request's uid");
        }
        if (!response.path("allowed").isBoolean()) {
            violations.add(on + "response.allowed is not true or false");
        }
        if (!response.path("allowed").asBoolean(true) && response.path("status").path("message").asText("").isBlank()) {
            violations.add(on + "a denial without a message");
        }
        if (response.has("patch")) {
            try {
                JsonNode patch = LENIENT.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
                if (!patch.isArray()) {
                    violations.add(on + "response.patch is not a JSON patch");
                }
            } catch (IllegalArgumentException | IOException e) {
                violations.add(on + "response.patch is not base64 JSON: " + e.getMessage());
            }
        }
        int warnings = 0;
        for (JsonNode warning : response.path("warnings")) {
            warnings += warning.asText().length();
        }
        if (warnings > 4096 + 256) {
            violations.add(on + "warnings of " + warnings + " characters: not bounded");
        }
    }

    /** What is wrong with an error message: no location, or a location that is not in the document. */
    static List<String> problemsOfMessage(String message, JsonNode document) {
        List<String> problems = new ArrayList<>();
        if (message == null || message.isBlank()) {
            problems.add("an error without a message");
            return problems;
        }
        if (POSITION.matcher(message).find()) {
            return problems;
        }
        if (message.startsWith("the body must be a JSON object")) {
            return problems;
        }
        var path = FieldPaths.leading(message);
        if (path.isEmpty() || !List.of("apiVersion", "kind", "request").contains(path.get().get(0))) {
            problems.add("the message names no field or position: " + Verdict.abbreviate(message));
        } else if (document != null && !FieldPaths.existsOrParentDoes(document, path.get())) {
            problems.add("the message names " + FieldPaths.format(path.get()) + ", which is not in the review: "
                    + Verdict.abbreviate(message));
        }
        return problems;
    }

    /** The body as a lenient JSON parser reads it, or null. */
    static JsonNode lenientTree(byte[] body) {
        try {
            return LENIENT.readTree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<WebhookKind, List<CompiledPolicy>> policies() {
        CompiledPolicy enforce = policy("enforce", Mode.Enforce, AdmissionRemediation.None, """
                profile: hardened
                denySeverity: medium
                match:
                  namespaces: ["*"]
                  excludedNamespaces: ["legacy-*"]
                  objectSelector: {matchExpressions: [{key: app, operator: NotIn, values: [skipped]}]}
                checks:
                - {id: image-tag-pinned, params: {requireDigest: "true"}}
                - {id: liveness-probe, severity: low}
                exemptions:
                - {checks: [read-only-root-filesystem], workloads: ["legacy-*"], reason: vendor image,
                   expires: "2030-01-01T00:00:00Z"}
                allowAnnotationExemptions: true
                """);
        CompiledPolicy warn = policy("warn", Mode.Warn, AdmissionRemediation.None, """
                profile: restricted
                match: {namespaceSelector: {matchLabels: {team: shop}}, kinds: [Deployment, Pod, CronJob]}
                """);
        CompiledPolicy audit = policy("audit", Mode.Audit, AdmissionRemediation.None, "profile: baseline\n");
        CompiledPolicy mutate = policy("mutate", Mode.Warn, AdmissionRemediation.Mutate, "profile: hardened\n");
        Map<WebhookKind, List<CompiledPolicy>> policies = new EnumMap<>(WebhookKind.class);
        policies.put(WebhookKind.ENFORCE, List.of(enforce));
        policies.put(WebhookKind.ADVISORY, List.of(audit, mutate, warn));
        policies.put(WebhookKind.MUTATE, List.of(mutate));
        return policies;
    }

    static CompiledPolicy policy(String name, Mode mode, AdmissionRemediation admission, String specYaml) {
        try {
            HardeningPolicySpec spec = new YAMLMapper().readValue(specYaml, HardeningPolicySpec.class);
            return TestPolicies.withActions(PolicyCompiler.compile(name, spec), mode, admission);
        } catch (IOException | InvalidPolicyException e) {
            throw new IllegalStateException("test policy " + name + " is invalid", e);
        }
    }

    /** The policies each webhook evaluates. */
    static List<CompiledPolicy> policies(WebhookKind webhook) {
        return POLICIES.get(webhook);
    }
}
