package dev.shipshape.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.WorkloadKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads that create others (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs,
 * ReplicationControllers), from informers on every replica, so that admission can judge what a controller creates
 * as the workload it was created for, without an API call. Keeps of each only its identity, uid, labels, the
 * {@value PolicyEvaluator#EXEMPT_ANNOTATION} annotation and its controller reference, and the template it creates
 * objects from, compressed, equal templates held once, and read again only when the object's generation changes (not
 * for a ReplicaSet, StatefulSet or ReplicationController scaled to 0, such as a Deployment's old revisions).
 */
@ApplicationScoped
public class OwnerCache implements OwnerLookup {

    private static final Logger LOG = Logger.getLogger(OwnerCache.class);
    /** Objects per page of an informer's list, so a large cluster is never held in memory as one response. */
    private static final long LIST_PAGE = 500;

    /** The kinds that create nothing while scaled to 0. */
    private static final Set<WorkloadKind> SCALED = Set.of(WorkloadKind.REPLICA_SET, WorkloadKind.STATEFUL_SET,
            WorkloadKind.REPLICATION_CONTROLLER);

    /** How long until discovery is asked again for owner kinds it did not find. */
    private static final long REDISCOVER_MILLIS = 30_000;

    private final KubernetesClient client;
    private final ServedWorkloadResources served;
    private final Map<WorkloadKind, SharedIndexInformer<? extends HasMetadata>> informers =
            new ConcurrentHashMap<>();
    private final Map<String, GenerationTemplate> templates = new ConcurrentHashMap<>();
    private final SharedBytes templateBytes = new SharedBytes();

    /** A pod template as of an object's generation. */
    private record GenerationTemplate(Long generation, PodTemplate template) {
    }
    private volatile boolean discovered;
    private volatile boolean stopped;

    public OwnerCache(KubernetesClient client, ServedWorkloadResources served) {
        this.client = client;
        this.served = served;
    }

    /**
     * Watches the owner kinds discovery finds served, each at a served version. Kinds it does not find (not served,
     * or discovery failed for their group) are looked for again every 30 s: an informer on a version the server does
     * not serve would never list, and admission, which waits for this cache, would never start.
     */
    void start(@Observes StartupEvent event) {
        if (!watchDiscoveredKinds()) {
            Thread rediscovery = new Thread(() -> {
                try {
                    do {
                        Thread.sleep(REDISCOVER_MILLIS);
                    } while (!stopped && !watchDiscoveredKinds());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shipshape-owner-discovery");
            rediscovery.setDaemon(true);
            rediscovery.start();
        }
    }

    /** Starts an informer for every owner kind discovery now finds; whether every owner kind is watched. */
    private boolean watchDiscoveredKinds() {
        List<ResourceRule> rules = served.discover();
        for (WorkloadKind kind : unwatched(rules)) {
            watch(kind, ServedWorkloadResources.servedType(kind, rules));
        }
        discovered = true;
        return informers.size() == OwnerChain.OWNER_KINDS.size();
    }

    /** The owner kinds {@code rules} serve that have no informer yet. */
    List<WorkloadKind> unwatched(List<ResourceRule> rules) {
        return OwnerChain.OWNER_KINDS.stream().sorted()
                .filter(kind -> !informers.containsKey(kind) && ServedWorkloadResources.serves(kind, rules))
                .toList();
    }

    private <T extends HasMetadata> void watch(WorkloadKind kind, Class<T> type) {
        SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().withLimit(LIST_PAGE)
                .runnableInformer(0);
        informer.itemStore(new TemplateKeepingStore<>(kind, new TrimmedItemStore<>(type, OwnerCache::ownership)));
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching %s failed, retrying: %s", type.getSimpleName(), failure.getMessage());
            return true;
        });
        informers.put(kind, informer);
        informer.start();
    }

    /**
     * The trimmed store, keeping each object's template as the object is stored, on the informer's own thread: no
     * listener queue ever holds whole objects while a large cluster is listed.
     */
    private final class TemplateKeepingStore<T extends HasMetadata> implements ItemStore<T> {

        private final WorkloadKind kind;
        private final TrimmedItemStore<T> store;

        TemplateKeepingStore(WorkloadKind kind, TrimmedItemStore<T> store) {
            this.kind = kind;
            this.store = store;
        }

        @Override
        public String getKey(T object) {
            return store.getKey(object);
        }

        @Override
        public T put(String key, T object) {
            keepTemplate(kind, object);
            return store.put(key, object);
        }

        @Override
        public T remove(String key) {
            T removed = store.remove(key);
            if (removed != null) {
                forgetTemplate(templates.remove(removed.getMetadata().getUid()));
            }
            return removed;
        }

        @Override
        public Stream<String> keySet() {
            return store.keySet();
        }

        @Override
        public Stream<T> values() {
            return store.values();
        }

        @Override
        public int size() {
            return store.size();
        }

        @Override
        public T get(String key) {
            return store.get(key);
        }

        @Override
        public boolean isFullState() {
            return store.isFullState();
        }
    }

    private void keepTemplate(WorkloadKind kind, HasMetadata object) {
        String uid = object.getMetadata().getUid();
        Long generation = object.getMetadata().getGeneration();
        GenerationTemplate kept = templates.get(uid);
        if (kept != null && Objects.equals(kept.generation(), generation)) {
            return;
        }
        JsonNode tree = client.getKubernetesSerialization().convertValue(object, JsonNode.class);
        JsonNode replicas = tree.path("spec").path("replicas");
        PodTemplate template = SCALED.contains(kind) && replicas.isNumber() && replicas.asLong() == 0 ? null
                : PodTemplate.of(tree);
        forgetTemplate(template == null ? templates.remove(uid)
                : templates.put(uid, new GenerationTemplate(generation, template.sharing(templateBytes::acquire))));
    }

    private void forgetTemplate(GenerationTemplate forgotten) {
        if (forgotten != null) {
            templateBytes.release(forgotten.template().bytes());
        }
    }

    /** What ownership needs of an object's metadata. */
    static ObjectMeta ownership(ObjectMeta source) {
        ObjectMeta kept = TrimmedItemStore.identity(source);
        kept.setLabels(source.getLabels());
        String exempt = source.getAnnotations() == null ? null
                : source.getAnnotations().get(PolicyEvaluator.EXEMPT_ANNOTATION);
        if (exempt != null) {
            kept.setAnnotations(Map.of(PolicyEvaluator.EXEMPT_ANNOTATION, exempt));
        }
        kept.setOwnerReferences(source.getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController())).toList());
        return kept;
    }

    /** True once discovery has been asked and every owner kind it found has been listed. */
    public boolean synced() {
        return discovered && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public Optional<KnownOwner> find(WorkloadKind kind, String namespace, String name) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        HasMetadata object = informer == null ? null : informer.getStore().getByKey(namespace + "/" + name);
        if (object == null) {
            return Optional.empty();
        }
        ObjectMeta metadata = object.getMetadata();
        // the trimmed store hands out labels and annotations as maps, empty rather than null
        GenerationTemplate template = templates.get(metadata.getUid());
        return Optional.of(new KnownOwner(kind, object.getApiVersion(), namespace, name, metadata.getUid(),
                metadata.getLabels(), metadata.getAnnotations(), ControllerReference.of(metadata),
                Optional.ofNullable(template).map(GenerationTemplate::template)));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        templates.clear();
    }
}
