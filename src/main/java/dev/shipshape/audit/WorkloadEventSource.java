package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.ResourceRule;
import dev.shipshape.cluster.ServedWorkloadResources;
import dev.shipshape.policy.DeclaredKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadRef;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Informers on every workload kind the API server serves (discovered, so Kubernetes 1.20's batch/v1beta1
 * CronJob is watched), feeding the {@link Audit}; each change triggers the reconcile of the policies whose
 * verdict it changed. It runs with the audit controller, so only on the leader. Objects owned by a controller
 * are covered by their owner and neither audited nor kept (see {@link AuditedItemStore}).
 */
public class WorkloadEventSource extends AbstractEventSource<Void, HardeningPolicy> {

    private static final Logger LOG = Logger.getLogger(WorkloadEventSource.class);
    private static final long SYNC_TIMEOUT_SECONDS = 300;
    /** Objects per page of an informer's list, so a large cluster is never held in memory as one response. */
    private static final long LIST_PAGE = 500;

    private final KubernetesClient client;
    private final ServedWorkloadResources served;
    private final NamespaceCache namespaces;
    private final AuditService audit;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Consumer<String> namespaceListener = this::namespaceChanged;
    private final Map<String, String> resourceVersions = new ConcurrentHashMap<>();
    private volatile boolean synced;

    public WorkloadEventSource(KubernetesClient client, ServedWorkloadResources served, NamespaceCache namespaces,
                               AuditService audit) {
        super(Void.class, "workloads");
        this.client = client;
        this.served = served;
        this.namespaces = namespaces;
        this.audit = audit;
    }

    /** The resourceVersion of the audited workload, as last seen. */
    public Optional<String> resourceVersion(WorkloadRef workload) {
        return Optional.ofNullable(resourceVersions.get(key(workload.kind(), workload.namespace(), workload.name())));
    }

    @Override
    public Set<Void> getSecondaryResources(HardeningPolicy policy) {
        return Set.of();
    }

    /** True once every informer has listed its workloads. */
    public boolean synced() {
        return synced;
    }

    @Override
    public void start() throws OperatorException {
        List<ResourceRule> rules = served.discover();
        List<Class<? extends HasMetadata>> types = auditedTypes(rules);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        List<String> watched = new ArrayList<>();
        for (Class<? extends HasMetadata> type : types) {
            started.add(watchTyped(type));
            watched.add(type.getSimpleName());
        }
        for (DeclaredKind kind : served.kinds().declared()) {
            if (ServedWorkloadResources.serves(kind, rules)) {
                started.add(watch(kind.kind(), client.genericKubernetesResources(context(kind)).inAnyNamespace()
                        .withLimit(LIST_PAGE).runnableInformer(0), AuditedItemStore.generic(kind.apiVersion(), kind.kind())));
                watched.add(kind.apiVersion() + "/" + kind.kind());
            } else {
                LOG.warnf("the API server serves no %s (declared in shipshape.workload-kinds): not audited; "
                        + "restart the operator once its CRD is installed", kind.declaration());
            }
        }
        namespaces.addLabelListener(namespaceListener);
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException("interrupted while listing workloads", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OperatorException("listing workloads failed: " + e.getMessage(), e);
        }
        synced = true;
        LOG.infof("auditing %d existing workloads of %s", audit.workloadCount(), watched);
        super.start();
        for (String policy : audit.policyNames()) {
            trigger(Set.of(policy));
        }
    }

    @Override
    public void stop() throws OperatorException {
        namespaces.removeLabelListener(namespaceListener);
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        synced = false;
        super.stop();
    }

    /** The typed class of every workload kind, at a version the API server serves. */
    static List<Class<? extends HasMetadata>> auditedTypes(List<ResourceRule> rules) {
        List<Class<? extends HasMetadata>> types = new ArrayList<>();
        for (WorkloadKind kind : WorkloadKind.values()) {
            types.add(ServedWorkloadResources.servedType(kind, rules));
        }
        return types;
    }

    private <T extends HasMetadata> CompletableFuture<Void> watchTyped(Class<T> type) {
        return watch(type.getSimpleName(), client.resources(type).inAnyNamespace().withLimit(LIST_PAGE)
                .runnableInformer(0), AuditedItemStore.of(type));
    }

    /** Where the API server serves a declared kind: its group and plural, at the declared version. */
    private static ResourceDefinitionContext context(DeclaredKind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
                .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(true).build();
    }

    private <T extends HasMetadata> CompletableFuture<Void> watch(String name, SharedIndexInformer<T> informer,
                                                                  ItemStore<T> store) {
        informer.itemStore(store);
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf("watching %s failed, retrying: %s", name, failure.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed(object);
            }

            @Override
            public void onUpdate(T previous, T object) {
                changed(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                resourceVersions.remove(key(object));
                trigger(audit.remove(key(object)));
            }
        });
        informers.add(informer);
        return informer.start().toCompletableFuture();
    }

    private void changed(HasMetadata object) {
        String key = key(object);
        if (AuditedItemStore.controlled(object)) {
            resourceVersions.remove(key);
            trigger(audit.remove(key));
            return;
        }
        resourceVersions.put(key, object.getMetadata().getResourceVersion());
        try {
            Workloads.fromObject(object, served.kinds()).ifPresentOrElse(
                    workload -> trigger(audit.put(key, workload, object.getMetadata().getUid(), synced)),
                    () -> trigger(audit.remove(key)));
        } catch (InvalidWorkloadException e) {
            LOG.debugf("%s is not audited: %s", key, e.getMessage());
            trigger(audit.remove(key));
        }
    }

    private void namespaceChanged(String namespace) {
        if (synced) {
            trigger(audit.namespaceChanged(namespace));
        }
    }

    private void trigger(Set<String> policies) {
        if (!isRunning()) {
            return;
        }
        for (String policy : policies) {
            getEventHandler().handleEvent(new Event(new ResourceID(policy)));
        }
    }

    private static String key(HasMetadata object) {
        return key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }
}
