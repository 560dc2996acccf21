package dev.shipshape.policy;

import java.util.Map;

/**
 * What the engine reads about a workload's namespace, from a cache or the scanned input: its labels (for namespace
 * selectors) and its NetworkPolicies (for the network-policy check).
 */
@FunctionalInterface
public interface NamespaceFacts {

    /** The labels of {@code namespace}; empty when it is not known. */
    Map<String, String> labels(String namespace);

    /** The NetworkPolicies of {@code namespace}; {@link Segmentation#UNKNOWN} unless they are known. */
    default Segmentation segmentation(String namespace) {
        return Segmentation.UNKNOWN;
    }
}
