package dev.shipshape.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The match rules of a HardeningPolicy. A workload matches when every rule holds: its kind is listed (or no
 * kinds are), its namespace matches a namespace glob (or none are given) and no excluded-namespace glob, and
 * both label selectors match. Namespace globs never match a workload without a namespace: callers that read
 * manifests without one (the CLI) assign {@code default} first, as kubectl would.
 */
public final class PolicyMatch implements WorkloadMatch {

    private final List<String> namespaces;
    private final List<String> excludedNamespaces;
    private final LabelSelectorMatcher namespaceSelector;
    private final LabelSelectorMatcher objectSelector;
    private final Set<String> kinds;

    /**
     * @param namespaces namespace globs, empty for all
     * @param excludedNamespaces namespace globs that never match
     * @param namespaceSelector matched against the namespace's labels
     * @param objectSelector matched against the workload object's labels
     * @param kinds workload kinds, empty for all
     */
    public PolicyMatch(List<String> namespaces, List<String> excludedNamespaces, LabelSelectorMatcher namespaceSelector,
                       LabelSelectorMatcher objectSelector, Set<String> kinds) {
        this.namespaces = List.copyOf(namespaces);
        this.excludedNamespaces = List.copyOf(excludedNamespaces);
        this.namespaceSelector = namespaceSelector;
        this.objectSelector = objectSelector;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public boolean matches(Workload workload, Map<String, String> namespaceLabels) {
        if (!kinds.isEmpty() && !kinds.contains(workload.kind())) {
            return false;
        }
        String namespace = workload.namespace();
        if (!Globs.matchesAny(namespaces, namespace)) {
            return false;
        }
        if (!excludedNamespaces.isEmpty() && Globs.matchesAny(excludedNamespaces, namespace)) {
            return false;
        }
        return namespaceSelector.matches(namespaceLabels == null ? Map.of() : namespaceLabels)
                && objectSelector.matches(workload.labels());
    }

    /** Namespace globs, empty for all. */
    public List<String> namespaces() {
        return namespaces;
    }

    /** Namespace globs that never match. */
    public List<String> excludedNamespaces() {
        return excludedNamespaces;
    }

    public LabelSelectorMatcher namespaceSelector() {
        return namespaceSelector;
    }

    public LabelSelectorMatcher objectSelector() {
        return objectSelector;
    }

    /** Workload kinds, empty for all. */
    public Set<String> kinds() {
        return kinds;
    }
}
