package dev.shipshape.audit;

import dev.shipshape.cluster.Deflated;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A workload as the audit keeps it between evaluations: its identity, its labels, the Shipshape annotations
 * the policies read, and its pod metadata and spec as compressed JSON. Serialized, a pod template takes a fraction of
 * the memory of its object graph (every model object carries its own maps and lists); it is read back only
 * when a policy or the namespace's labels change.
 */
final class StoredWorkload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHIPSHAPE_ANNOTATIONS = "shipshape.dev/";

    private final WorkloadRef ref;
    private final String uid;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final byte[] podTemplate;
    private final FieldPath podMetadataPath;
    private final FieldPath podSpecPath;
    private final boolean batch;

    private StoredWorkload(Workload workload, String uid) {
        this.ref = workload.ref();
        this.uid = uid;
        this.labels = Map.copyOf(workload.labels());
        this.annotations = shipshapeAnnotations(workload.annotations());
        this.podTemplate = serialize(new PodTemplateSpec(workload.podMetadata(), workload.podSpec()));
        this.podMetadataPath = workload.podMetadataPath();
        this.podSpecPath = workload.podSpecPath();
        this.batch = workload.isBatch();
    }

    static StoredWorkload of(Workload workload, String uid) {
        return new StoredWorkload(workload, uid);
    }

    String uid() {
        return uid;
    }

    String namespace() {
        return ref.namespace();
    }

    /** A new workload read back from the stored form; the caller may change it. */
    Workload workload() {
        try {
            PodTemplateSpec template;
            try (InputStream in = Deflated.read(podTemplate)) {
                template = JSON.readValue(in, PodTemplateSpec.class);
            }
            return new Workload(ref, labels, annotations, template.getMetadata(), template.getSpec(),
                    podMetadataPath, podSpecPath, batch);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored pod template of " + ref + " could not be read back", e);
        }
    }

    private static Map<String, String> shipshapeAnnotations(Map<String, String> annotations) {
        Map<String, String> kept = new HashMap<>();
        annotations.forEach((key, value) -> {
            if (key.startsWith(SHIPSHAPE_ANNOTATIONS)) {
                kept.put(key, value);
            }
        });
        return Map.copyOf(kept);
    }

    private static byte[] serialize(PodTemplateSpec template) {
        try {
            return Deflated.of(out -> JSON.writeValue(out, template));
        } catch (IOException e) {
            throw new UncheckedIOException("the pod template could not be serialized", e);
        }
    }
}
