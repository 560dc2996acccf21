package dev.shipshape.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How the Kubernetes client reads JSON: without interning field names. Every object's managedFields has keys that
 * hold uids ({@code k:{"uid":"..."}} for each ownerReference), so the table of interned names would grow with every
 * ReplicaSet and Pod an informer lists: 13 MB of heap with 10,000 Deployments and their controllers.
 */
@Singleton
public class KubernetesJson implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
    }
}
