package dev.shipshape.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps only the identity of the objects the audit covers: objects with a controller
 * owner (the Pods of a ReplicaSet, the ReplicaSets of a Deployment, the Jobs of a CronJob) are covered by their
 * owner and not kept at all, and the others are kept as name, namespace, uid and resourceVersion. The audit
 * holds what it evaluates, so a cluster's workloads are never cached twice.
 */
final class AuditedItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> identities = new ConcurrentHashMap<>();
    private final Supplier<T> empty;

    AuditedItemStore(Class<T> type) {
        this.empty = () -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                     | NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " cannot be instantiated", e);
            }
        };
    }

    /** Whether a controller owns {@code object}, so that the audit covers it through its owner. */
    static boolean controlled(HasMetadata object) {
        for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        if (controlled(object)) {
            return identities.remove(key);
        }
        T identity = empty.get();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(object.getMetadata().getName());
        metadata.setNamespace(object.getMetadata().getNamespace());
        metadata.setUid(object.getMetadata().getUid());
        metadata.setResourceVersion(object.getMetadata().getResourceVersion());
        identity.setMetadata(metadata);
        return identities.put(key, identity);
    }

    @Override
    public T remove(String key) {
        return identities.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return identities.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return identities.values().stream();
    }

    @Override
    public int size() {
        return identities.size();
    }

    @Override
    public T get(String key) {
        return identities.get(key);
    }

    @Override
    public boolean isFullState() {
        return false;
    }
}
