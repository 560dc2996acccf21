package dev.shipshape.audit;

import dev.shipshape.cluster.ControllerReference;
import dev.shipshape.cluster.TrimmedItemStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The informer store of the objects the audit covers: objects with a controller owner (the Pods of a ReplicaSet, the
 * ReplicaSets of a Deployment, the Jobs of a CronJob) are covered by their owner and not kept at all, and the others
 * are kept as name, namespace, uid and resourceVersion. The audit holds what it evaluates, so a cluster's workloads
 * are never cached twice.
 */
final class AuditedItemStore {

    private AuditedItemStore() {
    }

    static <T extends HasMetadata> TrimmedItemStore<T> of(Class<T> type) {
        return new TrimmedItemStore<>(type, AuditedItemStore::kept);
    }

    /** The store of a generic resource's informer, whose stubs carry its apiVersion and kind. */
    static TrimmedItemStore<GenericKubernetesResource> generic(String apiVersion, String kind) {
        return new TrimmedItemStore<>(() -> {
            GenericKubernetesResource stub = new GenericKubernetesResource();
            stub.setApiVersion(apiVersion);
            stub.setKind(kind);
            return stub;
        }, AuditedItemStore::kept);
    }

    private static ObjectMeta kept(ObjectMeta metadata) {
        return ControllerReference.of(metadata).isPresent() ? null : TrimmedItemStore.identity(metadata);
    }

    /** Whether a controller owns {@code object}, so that the audit covers it through its owner. */
    static boolean controlled(HasMetadata object) {
        return ControllerReference.of(object.getMetadata()).isPresent();
    }
}
