package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps of each object only the metadata a function picks, never its spec or status, and
 * nothing at all of objects for which it picks none: a cluster's workloads are not held twice, nor in full.
 */
public final class TrimmedItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> objects = new ConcurrentHashMap<>();
    private final Supplier<T> empty;
    private final Function<ObjectMeta, ObjectMeta> kept;

    /** {@code kept} gives the metadata to keep of an object's, or null to keep nothing of it. */
    public TrimmedItemStore(Class<T> type, Function<ObjectMeta, ObjectMeta> kept) {
        this.kept = kept;
        this.empty = () -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                     | NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " cannot be instantiated", e);
            }
        };
    }

    /** Name, namespace, uid and resourceVersion: what identifies an object and its version. */
    public static ObjectMeta identity(ObjectMeta source) {
        ObjectMeta identity = new ObjectMeta();
        identity.setName(source.getName());
        identity.setNamespace(source.getNamespace());
        identity.setUid(source.getUid());
        identity.setResourceVersion(source.getResourceVersion());
        return identity;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        ObjectMeta metadata = kept.apply(object.getMetadata());
        if (metadata == null) {
            return objects.remove(key);
        }
        T stub = empty.get();
        stub.setMetadata(metadata);
        return objects.put(key, stub);
    }

    @Override
    public T remove(String key) {
        return objects.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return objects.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return objects.values().stream();
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public T get(String key) {
        return objects.get(key);
    }

    @Override
    public boolean isFullState() {
        return false;
    }
}
