package dev.shipshape.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.JsonPatchOperation;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Reads AdmissionReview requests and writes their responses (admission.k8s.io/v1). */
public final class AdmissionReviews {

    /** Deeper nesting than any Kubernetes object needs; bounds the parser's stack. */
    static final int MAX_NESTING_DEPTH = 200;
    /**
     * More JSON tokens (names, values, brackets) than an UPDATE of two objects at etcd's 1.5 MiB size limit has
     * (they take about 9 bytes a token); bounds the memory a parsed review takes to about 20 MB.
     */
    static final int MAX_TOKENS = 400_000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxTokenCount(MAX_TOKENS)
                            .build())
                    .build())
            .build();

    private AdmissionReviews() {
    }

    public static AdmissionRequest read(byte[] body) throws BadReviewException {
        JsonNode review;
        try (JsonParser parser = MAPPER.createParser(body)) {
            review = readTree(parser);
        } catch (JsonProcessingException e) {
            throw new BadReviewException("the body is not valid JSON: " + e.getOriginalMessage()
                    + " at " + position(e.getLocation()));
        } catch (IOException e) {
            throw new BadReviewException("the body could not be read: " + e.getMessage());
        }
        return AdmissionRequest.from(review);
    }

    private static JsonNode readTree(JsonParser parser) throws IOException, BadReviewException {
        try {
            return MAPPER.readTree(parser);
        } catch (StreamConstraintsException e) {
            // the exception carries no location: the parser stopped just after what crossed the limit
            throw new BadReviewException(exceededLimit(e) + " at " + position(parser.currentLocation()));
        }
    }

    private static String exceededLimit(StreamConstraintsException e) {
        String limit = e.getOriginalMessage();
        if (limit != null && limit.startsWith("Document nesting depth")) {
            return "the body is nested too deeply (more than " + MAX_NESTING_DEPTH + " levels)";
        }
        if (limit != null && limit.startsWith("Token count")) {
            return "the body has too many JSON names, values and brackets (more than " + MAX_TOKENS + ")";
        }
        // e.g. "Number value length (1001) exceeds the maximum allowed (1000)"
        return "the body exceeds a limit of the JSON reader: "
                + (limit == null ? "?" : limit.replaceAll(", from `[^`]*`", ""));
    }

    private static String position(JsonLocation location) {
        return location == null ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The AdmissionReview answering {@code uid} with {@code outcome}. */
    public static byte[] response(String uid, AdmissionOutcome outcome) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", AdmissionRequest.API_VERSION);
        review.put("kind", AdmissionRequest.KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", outcome.allowed());
        if (!outcome.allowed()) {
            ObjectNode status = response.putObject("status");
            status.put("code", 403);
            status.put("reason", "Forbidden");
            status.put("message", outcome.message());
        }
        if (!outcome.warnings().isEmpty()) {
            ArrayNode warnings = response.putArray("warnings");
            outcome.warnings().forEach(warnings::add);
        }
        if (!outcome.patch().isEmpty()) {
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            for (JsonPatchOperation operation : outcome.patch()) {
                patch.add(operation.toJson());
            }
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(write(patch)));
        }
        return write(review);
    }

    /**
     * The AdmissionReview refusing {@code uid} as Kubernetes refuses an invalid object (422 Invalid): one message
     * naming every problem, and each problem's field as a cause, as {@code kubectl} shows them.
     */
    public static byte[] invalid(String uid, String kind, String name, List<FieldProblem> problems) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", AdmissionRequest.API_VERSION);
        review.put("kind", AdmissionRequest.KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", false);
        ObjectNode status = response.putObject("status");
        status.put("code", 422);
        status.put("reason", "Invalid");
        status.put("message", kind + " \"" + name + "\" is invalid: "
                + problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        ObjectNode details = status.putObject("details");
        details.put("name", name);
        details.put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        for (FieldProblem problem : problems) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldValueInvalid");
            cause.put("message", problem.detail());
            cause.put("field", problem.path().toString());
        }
        return write(review);
    }

    /** The body of an HTTP 400 answer. */
    public static byte[] error(String message) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("error", message);
        return write(error);
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + node.getNodeType(), e);
        }
    }
}
