package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workload an object was created for, followed through controller ownerReferences as Kubernetes' controllers
 * set them (a Pod of a ReplicaSet of a Deployment, a Pod of a Job of a CronJob), each link verified: the owner must
 * be in the cache with the uid the reference names. A reference that is forged, to a kind that does not create the
 * object's kind, or to an owner not (yet) cached ends the chain there.
 */
public final class OwnerChain {

    /** Which kinds create which, as the built-in controllers do. */
    private static final Map<WorkloadKind, Set<WorkloadKind>> CREATORS = Map.of(
            WorkloadKind.POD, Set.of(WorkloadKind.REPLICA_SET, WorkloadKind.STATEFUL_SET, WorkloadKind.DAEMON_SET,
                    WorkloadKind.JOB, WorkloadKind.REPLICATION_CONTROLLER),
            WorkloadKind.REPLICA_SET, Set.of(WorkloadKind.DEPLOYMENT),
            WorkloadKind.JOB, Set.of(WorkloadKind.CRON_JOB));

    /** The kinds that create others, whose objects an owner cache holds. */
    public static final Set<WorkloadKind> OWNER_KINDS = Set.of(WorkloadKind.REPLICA_SET, WorkloadKind.STATEFUL_SET,
            WorkloadKind.DAEMON_SET, WorkloadKind.JOB, WorkloadKind.REPLICATION_CONTROLLER, WorkloadKind.DEPLOYMENT,
            WorkloadKind.CRON_JOB);

    private OwnerChain() {
    }

    /**
     * The verified owners up the chain, the object's own creator first and its top owner last; empty when the first
     * link does not hold.
     */
    public static List<KnownOwner> verified(WorkloadKind kind, String namespace,
                                            Optional<ControllerReference> controller, OwnerLookup owners) {
        List<KnownOwner> chain = new ArrayList<>();
        WorkloadKind current = kind;
        Optional<ControllerReference> link = controller;
        while (link.isPresent() && chain.size() < OWNER_KINDS.size()) {
            ControllerReference reference = link.get();
            Set<WorkloadKind> creators = CREATORS.getOrDefault(current, Set.of());
            Optional<WorkloadKind> ownerKind = WorkloadKind.of(reference.apiVersion(), reference.kind())
                    .filter(creators::contains);
            if (ownerKind.isEmpty()) {
                break;
            }
            Optional<KnownOwner> owner = owners.find(ownerKind.get(), namespace, reference.name())
                    .filter(found -> found.uid().equals(reference.uid()));
            if (owner.isEmpty()) {
                break;
            }
            chain.add(owner.get());
            current = ownerKind.get();
            link = owner.get().controller();
        }
        return List.copyOf(chain);
    }
}
