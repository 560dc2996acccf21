package dev.shipshape.api.v1alpha1;

/** Finding severities, from the most to the least serious. */
public enum SeverityName {
    critical,
    high,
    medium,
    low
}
