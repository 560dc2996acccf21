package dev.shipshape.policy;

import java.util.List;

/**
 * The kinds a policy's {@code spec.match.kinds} may name: those the workload package reads pods from. Kept here
 * because the engine must not depend on the workload package; a test keeps both lists equal.
 */
public final class WorkloadKinds {

    public static final List<String> NAMES = List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job", "CronJob", "PodTemplate");

    private WorkloadKinds() {
    }
}
