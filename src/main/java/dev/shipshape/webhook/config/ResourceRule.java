package dev.shipshape.webhook.config;

import java.util.List;

/**
 * Resources of one API group that the API server serves at each of the listed versions; every combination of
 * version and resource exists, so the rule matches exactly what is served.
 *
 * @param group     the API group, empty for the core group
 * @param versions  the versions, the server's preferred one first
 * @param resources plural resource names, no subresources
 */
public record ResourceRule(String group, List<String> versions, List<String> resources) {

    public ResourceRule {
        versions = List.copyOf(versions);
        resources = List.copyOf(resources);
    }
}
