package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps of each object only the metadata a function picks, never its spec or status, and
 * nothing at all of objects for which it picks none: a cluster's workloads are not held twice, nor in full. What is
 * kept is held compactly (no model objects; namespaces, label and annotation keys, and owners' apiVersions and kinds
 * shared) and handed out as a fresh object with just that metadata.
 */
public final class TrimmedItemStore<T extends HasMetadata> implements ItemStore<T> {

    /** Strings of which a cluster has few distinct values: namespaces, label keys, owners' apiVersions and kinds. */
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    private static String shared(String text) {
        return text == null ? null : SHARED.computeIfAbsent(text, same -> same);
    }

    /**
     * A uid as a {@link UUID} (two longs instead of 36 characters) when it is one in canonical form, as the API
     * server makes them; any other text as it is.
     */
    static Object compactUid(String uid) {
        if (uid != null && uid.length() == 36) {
            try {
                UUID parsed = UUID.fromString(uid);
                if (parsed.toString().equals(uid)) {
                    return parsed;
                }
            } catch (IllegalArgumentException notUuid) {
                return uid;
            }
        }
        return uid;
    }

    /** A resourceVersion as a number when it is a decimal one (as etcd's revisions are); any other text as it is. */
    static Object compactVersion(String resourceVersion) {
        if (resourceVersion != null && !resourceVersion.isEmpty() && resourceVersion.length() <= 18
                && resourceVersion.charAt(0) != '0' && resourceVersion.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.valueOf(resourceVersion);
        }
        return resourceVersion;
    }

    private static String text(Object compact) {
        return compact == null ? null : compact.toString();
    }

    /** An ownerReference, without the model object's maps. */
    private record Owner(String apiVersion, String kind, String name, Object uid, Boolean controller,
                         Boolean blockOwnerDeletion) {

        static Owner of(OwnerReference reference) {
            return new Owner(shared(reference.getApiVersion()), shared(reference.getKind()), reference.getName(),
                    compactUid(reference.getUid()), reference.getController(), reference.getBlockOwnerDeletion());
        }

        OwnerReference reference() {
            return new OwnerReference(apiVersion, blockOwnerDeletion, controller, kind, name, text(uid));
        }
    }

    /**
     * The metadata kept of one object. Its name is not held twice: it is read from the object's key, which the
     * informer makes {@code namespace/name} ({@link #getKey}), or the name alone for a cluster-scoped object.
     */
    private record Kept(String namespace, Object uid, Object resourceVersion,
                        Map<String, String> labels, Map<String, String> annotations, List<Owner> owners) {

        static Kept of(ObjectMeta metadata) {
            return new Kept(shared(metadata.getNamespace()), compactUid(metadata.getUid()),
                    compactVersion(metadata.getResourceVersion()), compact(metadata.getLabels()),
                    compact(metadata.getAnnotations()),
                    metadata.getOwnerReferences() == null || metadata.getOwnerReferences().isEmpty() ? List.of()
                            : metadata.getOwnerReferences().stream().map(Owner::of).toList());
        }

        private static Map<String, String> compact(Map<String, String> map) {
            if (map == null || map.isEmpty()) {
                return Map.of();
            }
            Map<String, String> keysShared = new HashMap<>(map.size() * 2);
            map.forEach((key, value) -> keysShared.put(shared(key), value));
            return Map.copyOf(keysShared);
        }

        ObjectMeta metadata(String key) {
            ObjectMeta metadata = new ObjectMeta();
            metadata.setName(namespace == null || namespace.isEmpty() ? key : key.substring(namespace.length() + 1));
            metadata.setNamespace(namespace);
            metadata.setUid(text(uid));
            metadata.setResourceVersion(text(resourceVersion));
            metadata.setLabels(labels);
            metadata.setAnnotations(annotations);
            metadata.setOwnerReferences(owners.stream().map(Owner::reference).toList());
            return metadata;
        }
    }

    private final Map<String, Kept> objects = new ConcurrentHashMap<>();
    private final Supplier<T> empty;
    private final Function<ObjectMeta, ObjectMeta> kept;

    /** {@code kept} gives the metadata to keep of an object's, or null to keep nothing of it. */
    public TrimmedItemStore(Class<T> type, Function<ObjectMeta, ObjectMeta> kept) {
        this(() -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                     | NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " cannot be instantiated", e);
            }
        }, kept);
    }

    /**
     * A store whose stubs {@code empty} makes, for generic resources, which know their kind only if told.
     * {@code kept} gives the metadata to keep of an object's, or null to keep nothing of it.
     */
    public TrimmedItemStore(Supplier<T> empty, Function<ObjectMeta, ObjectMeta> kept) {
        this.kept = kept;
        this.empty = empty;
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
            return stub(key, objects.remove(key));
        }
        return stub(key, objects.put(key, Kept.of(metadata)));
    }

    @Override
    public T remove(String key) {
        return stub(key, objects.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return objects.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return objects.entrySet().stream().map(entry -> stub(entry.getKey(), entry.getValue()));
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public T get(String key) {
        return stub(key, objects.get(key));
    }

    private T stub(String key, Kept metadata) {
        if (metadata == null) {
            return null;
        }
        T stub = empty.get();
        stub.setMetadata(metadata.metadata(key));
        return stub;
    }

    @Override
    public boolean isFullState() {
        return false;
    }
}
