package dev.shipshape.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The template a workload's controller creates objects from (a ReplicaSet's Pods, a Deployment's ReplicaSets, a
 * CronJob's Jobs), held compressed: what admission compares a created object with, to tell the violations the
 * workload already had (its template's) from what was added on the way in (by a mutating webhook, say). Keeps the object's apiVersion, kind,
 * name, namespace and template; nothing else.
 */
public final class PodTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] deflated;

    private PodTemplate(byte[] deflated) {
        this.deflated = deflated;
    }

    /** The template ({@code spec.template}, or a CronJob's {@code spec.jobTemplate}) of an object read as JSON, or null. */
    public static PodTemplate of(JsonNode object) {
        String field = object.path("spec").path("template").isObject() ? "template" : "jobTemplate";
        JsonNode template = object.path("spec").path(field);
        if (!template.isObject()) {
            return null;
        }
        ObjectNode kept = JSON.createObjectNode();
        kept.set("apiVersion", object.get("apiVersion"));
        kept.set("kind", object.get("kind"));
        ObjectNode metadata = kept.putObject("metadata");
        metadata.set("name", object.path("metadata").get("name"));
        metadata.set("namespace", object.path("metadata").get("namespace"));
        kept.putObject("spec").set(field, template);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED))) {
            JSON.writeValue(out, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PodTemplate(bytes.toByteArray());
    }

    /** The object with only its template, as JSON. */
    public JsonNode tree() {
        try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(deflated))) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes held. */
    public int size() {
        return deflated.length;
    }
}
