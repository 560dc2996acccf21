package dev.shipshape.policy;

/**
 * Where a check reports what it found. Paths are relative, so checks never build full paths unless
 * something is wrong.
 */
public interface FindingSink {

    /** A finding on a container; {@code field} is relative to the container, e.g. {@code securityContext.privileged}. */
    void container(ContainerRef container, FieldPath field, String message);

    /** A finding on the pod spec; {@code field} is relative to it, e.g. {@code hostNetwork}. */
    void pod(FieldPath field, String message);

    /** A finding on the pod metadata; {@code field} is relative to it, e.g. {@code annotations}. */
    void podMetadata(FieldPath field, String message);
}
