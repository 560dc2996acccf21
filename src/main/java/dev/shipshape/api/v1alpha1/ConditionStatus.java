package dev.shipshape.api.v1alpha1;

/** The status of a condition, as in Kubernetes' metav1.Condition. */
public enum ConditionStatus {
    True,
    False,
    Unknown
}
