package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;

import java.util.Optional;

/** Finds a workload that can own others, by kind, namespace and name, in what a cache holds. */
@FunctionalInterface
public interface OwnerLookup {

    /** Knows no owner: every object is judged on its own. */
    OwnerLookup NONE = (kind, namespace, name) -> Optional.empty();

    Optional<KnownOwner> find(WorkloadKind kind, String namespace, String name);
}
