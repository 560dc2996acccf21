package dev.shipshape.api.v1alpha1;

/** Whether the operator patches the pod templates of workloads that already exist. */
public enum ExistingRemediation {
    None,
    DryRun,
    Patch
}
