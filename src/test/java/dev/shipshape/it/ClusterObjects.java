package dev.shipshape.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;

/** Namespaces and the workload manifests under src/test/resources/it/, for the integration tests. */
final class ClusterObjects {

    private ClusterObjects() {
    }

    static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .createOr(existing -> existing.update());
    }

    /** The manifest {@code resource} placed in {@code namespace}. */
    static HasMetadata manifest(KubernetesClient client, String resource, String namespace) {
        try (InputStream in = ClusterObjects.class.getResourceAsStream("/it/" + resource)) {
            HasMetadata object = client.getKubernetesSerialization().unmarshal(in);
            object.getMetadata().setNamespace(namespace);
            return object;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
