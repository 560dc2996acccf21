package dev.shipshape.cluster;

import dev.shipshape.policy.NamespaceFacts;
import dev.shipshape.policy.Segmentation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Namespace labels and NetworkPolicies from informers, for namespaceSelectors and the network-policy check at
 * admission and in the audit without an API call. A namespace's NetworkPolicies are unknown (nothing is decided about
 * segmentation) until the first list of them has arrived.
 */
@ApplicationScoped
public class NamespaceCache implements NamespaceFacts {

    private static final Logger LOG = Logger.getLogger(NamespaceCache.class);

    private final KubernetesClient client;
    private final List<Consumer<String>> labelListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<Namespace> informer;
    private SharedIndexInformer<NetworkPolicy> networkPolicies;
    private final Map<String, Segmentation> segmentations = new ConcurrentHashMap<>();

    public NamespaceCache(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.namespaces().runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching namespaces failed, retrying: %s", failure.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                changed(namespace);
            }

            @Override
            public void onUpdate(Namespace previous, Namespace namespace) {
                if (!Objects.equals(previous.getMetadata().getLabels(), namespace.getMetadata().getLabels())) {
                    changed(namespace);
                }
            }

            @Override
            public void onDelete(Namespace namespace, boolean finalStateUnknown) {
                for (Consumer<String> listener : deletionListeners) {
                    listener.accept(namespace.getMetadata().getName());
                }
            }
        });
        informer.start();
        networkPolicies = client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(0);
        networkPolicies.exceptionHandler((started, failure) -> {
            LOG.warnf("watching NetworkPolicies failed, retrying: %s", failure.getMessage());
            return true;
        });
        networkPolicies.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(NetworkPolicy policy) {
                segmentationChanged(policy);
            }

            @Override
            public void onUpdate(NetworkPolicy previous, NetworkPolicy policy) {
                if (!Objects.equals(previous.getSpec(), policy.getSpec())) {
                    segmentationChanged(policy);
                }
            }

            @Override
            public void onDelete(NetworkPolicy policy, boolean finalStateUnknown) {
                segmentationChanged(policy);
            }
        });
        networkPolicies.start();
    }

    /** The NetworkPolicies of {@code name}; unknown until they have been listed once. */
    @Override
    public Segmentation segmentation(String name) {
        if (networkPolicies == null || !networkPolicies.hasSynced()) {
            return Segmentation.UNKNOWN;
        }
        return segmentations.computeIfAbsent(name, namespace -> Segmentation.of(
                networkPolicies.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
    }

    private void segmentationChanged(NetworkPolicy policy) {
        String namespace = policy.getMetadata().getNamespace();
        segmentations.remove(namespace);
        for (Consumer<String> listener : labelListeners) {
            listener.accept(namespace);
        }
    }

    /** True once the first list of namespaces has arrived. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /**
     * Calls {@code listener} with the name of every namespace that appears or whose labels or NetworkPolicies change.
     */
    public void addLabelListener(Consumer<String> listener) {
        labelListeners.add(listener);
    }

    public void removeLabelListener(Consumer<String> listener) {
        labelListeners.remove(listener);
    }

    /** Calls {@code listener} with the name of every namespace that is gone, its contents with it. */
    public void addDeletionListener(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /** Whether {@code name} is being deleted: no new objects can be created in it. */
    public boolean isTerminating(String name) {
        Namespace namespace = informer == null ? null : informer.getStore().getByKey(name);
        return namespace != null && namespace.getMetadata().getDeletionTimestamp() != null;
    }

    private void changed(Namespace namespace) {
        for (Consumer<String> listener : labelListeners) {
            listener.accept(namespace.getMetadata().getName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        if (networkPolicies != null) {
            networkPolicies.close();
        }
    }

    /** The labels of {@code name}, always including {@value #KubernetesNames.NAMESPACE_NAME_LABEL}. */
    @Override
    public Map<String, String> labels(String name) {
        Namespace namespace = informer == null ? null : informer.getStore().getByKey(name);
        Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null
                ? Map.of() : namespace.getMetadata().getLabels();
        if (name.equals(labels.get(KubernetesNames.NAMESPACE_NAME_LABEL))) {
            return labels;
        }
        Map<String, String> withName = new HashMap<>(labels);
        withName.put(KubernetesNames.NAMESPACE_NAME_LABEL, name);
        return withName;
    }
}
