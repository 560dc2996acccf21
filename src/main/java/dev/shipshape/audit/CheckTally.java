package dev.shipshape.audit;

import dev.shipshape.policy.Severity;

/**
 * How often one check is violated among a policy's matched workloads.
 *
 * @param check the check's id
 * @param severity its severity in the policy
 * @param violations findings of the check, one per container or pod-level field
 * @param workloads workloads with at least one such finding
 */
public record CheckTally(String check, Severity severity, int violations, int workloads) {
}
