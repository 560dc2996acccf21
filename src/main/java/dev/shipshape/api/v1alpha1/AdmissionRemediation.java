package dev.shipshape.api.v1alpha1;

/** Whether admission fills in missing hardening fields. */
public enum AdmissionRemediation {
    None,
    Mutate
}
