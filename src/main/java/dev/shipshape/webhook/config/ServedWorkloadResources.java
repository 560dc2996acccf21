package dev.shipshape.webhook.config;

import dev.shipshape.workload.WorkloadKind;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Asks the API server's discovery endpoints which versions of the workload resources it serves: Kubernetes 1.20
 * serves CronJobs only as batch/v1beta1, 1.21 to 1.24 as batch/v1 and v1beta1, later releases only as batch/v1.
 */
@ApplicationScoped
public class ServedWorkloadResources {

    private static final Logger LOG = Logger.getLogger(ServedWorkloadResources.class);
    private static final String CORE_GROUP = "";
    private static final String CORE_VERSION = "v1";

    private final KubernetesClient client;
    private final Map<String, List<ResourceRule>> lastDiscoveredByGroup = new ConcurrentHashMap<>();

    public ServedWorkloadResources(KubernetesClient client) {
        this.client = client;
    }

    /**
     * One rule per group and set of resources served at the same versions, in {@link WorkloadKind} order.
     * A group whose discovery fails keeps the rules it had at the last successful discovery, or has none.
     */
    public List<ResourceRule> discover() {
        Map<String, List<String>> pluralsByGroup = workloadPluralsByGroup();
        Map<String, List<String>> versionsByGroup = servedVersionsByGroup(pluralsByGroup.keySet());
        List<ResourceRule> rules = new ArrayList<>();
        pluralsByGroup.forEach((group, plurals) -> {
            List<String> versions = versionsByGroup.get(group);
            rules.addAll(versions == null ? lastDiscovered(group) : discoverGroup(group, versions, plurals));
        });
        return List.copyOf(rules);
    }

    private static Map<String, List<String>> workloadPluralsByGroup() {
        Map<String, List<String>> pluralsByGroup = new LinkedHashMap<>();
        for (WorkloadKind kind : WorkloadKind.values()) {
            pluralsByGroup.computeIfAbsent(kind.group(), group -> new ArrayList<>()).add(kind.plural());
        }
        return pluralsByGroup;
    }

    /** The versions served of each group; a group is missing when the server could not tell. */
    private Map<String, List<String>> servedVersionsByGroup(Set<String> groups) {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        versionsByGroup.put(CORE_GROUP, List.of(CORE_VERSION));
        APIGroupList namedGroups;
        try {
            namedGroups = client.getApiGroups();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not list the API groups, keeping the last discovered resources of %s: %s",
                    groups.stream().filter(group -> !group.isEmpty()).toList(), e.getMessage());
            return versionsByGroup;
        }
        Map<String, List<String>> servedVersions = new LinkedHashMap<>();
        if (namedGroups != null) {
            for (APIGroup group : namedGroups.getGroups()) {
                servedVersions.put(group.getName(),
                        group.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList());
            }
        }
        for (String group : groups) {
            if (!group.equals(CORE_GROUP)) {
                versionsByGroup.put(group, servedVersions.getOrDefault(group, List.of()));
            }
        }
        return versionsByGroup;
    }

    private List<ResourceRule> discoverGroup(String group, List<String> versions, List<String> plurals) {
        Map<List<String>, List<String>> versionsByResources = new LinkedHashMap<>();
        for (String version : versions) {
            List<String> served;
            try {
                served = servedPlurals(group, version, plurals);
            } catch (KubernetesClientException e) {
                LOG.warnf("Could not discover the resources of %s, keeping the last discovered ones: %s",
                        groupVersion(group, version), e.getMessage());
                return lastDiscovered(group);
            }
            if (!served.isEmpty()) {
                versionsByResources.computeIfAbsent(served, resources -> new ArrayList<>()).add(version);
            }
        }
        List<ResourceRule> rules = versionsByResources.entrySet().stream()
                .map(entry -> new ResourceRule(group, entry.getValue(), entry.getKey()))
                .toList();
        lastDiscoveredByGroup.put(group, rules);
        return rules;
    }

    /** The workload plurals served at the group version, in the order of {@code plurals}. */
    private List<String> servedPlurals(String group, String version, List<String> plurals) {
        APIResourceList resources = client.getApiResources(groupVersion(group, version));
        if (resources == null) {
            return List.of();
        }
        Set<String> served = resources.getResources().stream()
                .map(APIResource::getName)
                .filter(name -> !name.contains("/"))
                .collect(Collectors.toSet());
        return plurals.stream().filter(served::contains).toList();
    }

    private List<ResourceRule> lastDiscovered(String group) {
        return lastDiscoveredByGroup.getOrDefault(group, List.of());
    }

    private static String groupVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
