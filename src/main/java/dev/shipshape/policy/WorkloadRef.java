package dev.shipshape.policy;

/**
 * Identifies a workload object.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code Deployment}
 * @param namespace the namespace, or null for objects read without one
 * @param name the name, or {@code generateName} followed by {@code *} when only that is set
 */
public record WorkloadRef(String apiVersion, String kind, String namespace, String name) {

    /** e.g. {@code Deployment shop/web}. */
    public String display() {
        return kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    @Override
    public String toString() {
        return display();
    }
}
