package dev.shipshape.webhook;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/** Namespace labels from an informer, for namespaceSelectors at admission without an API call. */
@ApplicationScoped
public class NamespaceCache {

    /** Set by Kubernetes 1.21+ on every namespace; added here for older servers so selectors behave alike. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private static final Logger LOG = Logger.getLogger(NamespaceCache.class);

    private final KubernetesClient client;
    private SharedIndexInformer<Namespace> informer;

    public NamespaceCache(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.namespaces().runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching namespaces failed, retrying: %s", failure.getMessage());
            return true;
        });
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** The labels of {@code name}, always including {@value #NAME_LABEL}. */
    public Map<String, String> labels(String name) {
        Namespace namespace = informer == null ? null : informer.getStore().getByKey(name);
        Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null
                ? Map.of() : namespace.getMetadata().getLabels();
        if (name.equals(labels.get(NAME_LABEL))) {
            return labels;
        }
        Map<String, String> withName = new HashMap<>(labels);
        withName.put(NAME_LABEL, name);
        return withName;
    }
}
