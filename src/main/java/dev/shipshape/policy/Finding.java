package dev.shipshape.policy;

/**
 * One violation of one check in one workload.
 *
 * @param checkId the check's id
 * @param severity the effective severity under the evaluating policy
 * @param workload the workload object
 * @param container the offending container's name, or null for a pod-level finding
 * @param image the offending container's image, or null
 * @param path full path of the offending field in the object, e.g. {@code spec.template.spec.containers[0].securityContext.privileged}
 * @param message one line naming the container and field
 * @param fix how to fix it, one line
 */
public record Finding(String checkId, Severity severity, WorkloadRef workload, String container, String image,
                      FieldPath path, String message, String fix) {
}
