package dev.shipshape.api.v1alpha1;

/** Where an exemption with an expiry stands. */
public enum ExemptionState {
    /** It expires within 7 days; it still applies. */
    Expiring,
    /** Its expiry has passed; the findings it covered count again. */
    Expired
}
