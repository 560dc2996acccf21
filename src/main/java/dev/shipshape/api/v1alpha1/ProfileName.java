package dev.shipshape.api.v1alpha1;

/** The cumulative check profiles a policy can start from. */
public enum ProfileName {
    baseline,
    restricted,
    hardened
}
