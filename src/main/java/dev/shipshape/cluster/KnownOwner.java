package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadRef;

import java.util.Map;
import java.util.Optional;

/**
 * A workload that exists in the cluster as a cache last saw it, as far as ownership needs: its identity, uid,
 * labels and annotations, its own controller, if any, and, for a workload that creates Pods and currently may, the
 * pod template it creates them from.
 */
public record KnownOwner(WorkloadKind kind, String apiVersion, String namespace, String name, String uid,
                         Map<String, String> labels, Map<String, String> annotations,
                         Optional<ControllerReference> controller, Optional<PodTemplate> podTemplate) {

    public WorkloadRef ref() {
        return new WorkloadRef(apiVersion, kind.kind(), namespace, name);
    }
}
