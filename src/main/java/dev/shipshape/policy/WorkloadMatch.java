package dev.shipshape.policy;

import java.util.Map;

/** Decides which workloads a policy applies to (namespaces, label selectors, kinds). */
public interface WorkloadMatch {

    WorkloadMatch ALL = (workload, namespaceLabels) -> true;

    /**
     * @param namespaceLabels labels of the workload's namespace; when unknown, callers pass
     *                        {@code kubernetes.io/metadata.name=<namespace>} as the API server sets it
     */
    boolean matches(Workload workload, Map<String, String> namespaceLabels);
}
