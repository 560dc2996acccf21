package dev.shipshape.policy;

/**
 * What Shipshape needs to know of a kind of object that runs pods: its API group, kind and resource, where its pod
 * template sits and whether its pods run to completion. Built-in kinds are {@link WorkloadKind}s; others are
 * {@link DeclaredKind}s that an operator or a CLI user declares.
 */
public interface WorkloadShape {

    /** The API group; empty for the core group. */
    String group();

    String kind();

    /** The resource name, as in admission requests and RBAC rules. */
    String plural();

    FieldPath podMetadataPath();

    FieldPath podSpecPath();

    /** True for kinds whose pods run to completion. */
    boolean batch();
}
