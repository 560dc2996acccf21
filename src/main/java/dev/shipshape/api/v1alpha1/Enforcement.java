package dev.shipshape.api.v1alpha1;

/** Which part of the cluster decides a policy's checks at admission. */
public enum Enforcement {
    /**
     * Generated ValidatingAdmissionPolicies for the checks CEL decides exactly and the webhook for the rest, where the
     * API server serves them; the webhook for everything elsewhere.
     */
    Auto,
    /** Shipshape's admission webhook, always. */
    Webhook,
    /**
     * Generated ValidatingAdmissionPolicies only: checks they cannot decide exactly are audited, not decided at
     * admission. Where the API server serves no ValidatingAdmissionPolicy, the webhook decides everything.
     */
    AdmissionPolicy
}
