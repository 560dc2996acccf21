package dev.shipshape.cluster;

import java.util.List;

/**
 * Resources of one API group that the API server serves at each of the listed versions; every combination of
 * version and resource exists, so the rule matches exactly what is served.
 *
 * @param group      the API group, empty for the core group
 * @param versions   the versions, the server's preferred one first
 * @param resources  plural resource names, or {@code resource/subresource} for a subresource
 * @param operations the operations the webhooks review on them
 */
public record ResourceRule(String group, List<String> versions, List<String> resources, List<String> operations) {

    /** Workload kinds are reviewed when created and when changed. */
    public static final List<String> CREATE_AND_UPDATE = List.of("CREATE", "UPDATE");

    public ResourceRule {
        versions = List.copyOf(versions);
        resources = List.copyOf(resources);
        operations = List.copyOf(operations);
    }

    /** True for a rule on a subresource, such as {@code pods/ephemeralcontainers}. */
    public boolean subresource() {
        return resources.stream().anyMatch(resource -> resource.contains("/"));
    }
}
