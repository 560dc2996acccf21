package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionReview request the webhook uses.
 *
 * @param uid echoed in the response
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param group the resource's API group, empty for the core group
 * @param resource the plural resource name, e.g. {@code deployments}
 * @param subResource e.g. {@code status} or {@code scale}, empty for the main resource
 * @param namespace the request's namespace, empty for cluster-scoped objects
 * @param object the object as it will be stored, or null
 * @param oldObject the stored object before an UPDATE, or null
 * @param dryRun whether the request will not be persisted
 */
public record AdmissionRequest(String uid, String operation, String group, String resource, String subResource,
                               String namespace, JsonNode object, JsonNode oldObject, boolean dryRun) {

    static final String API_VERSION = "admission.k8s.io/v1";
    static final String KIND = "AdmissionReview";

    /** Reads a parsed AdmissionReview, naming the first missing or mistyped field. */
    public static AdmissionRequest from(JsonNode review) throws BadReviewException {
        if (review == null || !review.isObject()) {
            throw new BadReviewException("the body must be a JSON object (an AdmissionReview)");
        }
        String apiVersion = review.path("apiVersion").asText("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new BadReviewException("apiVersion must be " + API_VERSION + ", got \"" + apiVersion + "\"");
        }
        String kind = review.path("kind").asText("");
        if (!KIND.equals(kind)) {
            throw new BadReviewException("kind must be " + KIND + ", got \"" + kind + "\"");
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new BadReviewException("request is missing or not an object");
        }
        String uid = text(request, "uid", true);
        String operation = text(request, "operation", true);
        JsonNode resource = request.get("resource");
        if (resource == null || !resource.isObject()) {
            throw new BadReviewException("request.resource is missing or not an object");
        }
        String group = text(resource, "group", false);
        String plural = textAt(resource, "request.resource.resource", "resource", true);
        JsonNode object = objectOrNull(request, "object");
        JsonNode oldObject = objectOrNull(request, "oldObject");
        JsonNode dryRun = request.get("dryRun");
        if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new BadReviewException("request.dryRun must be true or false");
        }
        return new AdmissionRequest(uid, operation, group, plural, text(request, "subResource", false),
                text(request, "namespace", false), object, oldObject, dryRun != null && dryRun.asBoolean());
    }

    private static String text(JsonNode parent, String field, boolean required) throws BadReviewException {
        return textAt(parent, "request." + field, field, required);
    }

    private static String textAt(JsonNode parent, String path, String field, boolean required)
            throws BadReviewException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadReviewException(path + " is required");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new BadReviewException(path + " must be a string");
        }
        return value.asText();
    }

    private static JsonNode objectOrNull(JsonNode request, String field) throws BadReviewException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new BadReviewException("request." + field + " must be an object");
        }
        return value;
    }

    public boolean isCreateOrUpdate() {
        return "CREATE".equals(operation) || "UPDATE".equals(operation);
    }

    public boolean isUpdate() {
        return "UPDATE".equals(operation);
    }
}
