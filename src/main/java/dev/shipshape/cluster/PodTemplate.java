package dev.shipshape.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * The template a workload's controller creates objects from (a ReplicaSet's Pods, a Deployment's ReplicaSets, a
 * CronJob's Jobs), held compressed: what admission compares a created object with, to tell the violations the
 * workload already had (its template's) from what was added on the way in (by a mutating webhook, say). Keeps the
 * object's apiVersion and kind and the template without its {@code pod-template-hash} label, so that a Deployment and
 * its current ReplicaSet, or many workloads made from one chart, hold equal bytes that can be shared.
 */
public final class PodTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final String apiVersion;
    private final String kind;
    private final String field;
    private final byte[] deflated;

    private PodTemplate(String apiVersion, String kind, String field, byte[] deflated) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.field = field;
        this.deflated = deflated;
    }

    /**
     * The template ({@code spec.template}, or a CronJob's {@code spec.jobTemplate}) of an object read as JSON, or
     * null when it has none.
     */
    public static PodTemplate of(JsonNode object) {
        String field = object.path("spec").path("template").isObject() ? "template" : "jobTemplate";
        JsonNode found = object.path("spec").path(field);
        if (!found.isObject()) {
            return null;
        }
        ObjectNode template = found.deepCopy();
        if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(POD_TEMPLATE_HASH);
        }
        try {
            return new PodTemplate(object.path("apiVersion").asText(), object.path("kind").asText(), field,
                    Deflated.of(out -> JSON.writeValue(out, template)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same template, its bytes replaced by an equal array {@code pool} gives, to share with others. */
    PodTemplate sharing(UnaryOperator<byte[]> pool) {
        return new PodTemplate(apiVersion, kind, field, pool.apply(deflated));
    }

    byte[] bytes() {
        return deflated;
    }

    /** The object with only its kind and template, as JSON. */
    public JsonNode tree() {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        try (InputStream in = Deflated.read(deflated)) {
            object.putObject("spec").set(field, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return object;
    }
}
