package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.WorkloadShape;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * It also finds out whether the Pod subresource {@code ephemeralcontainers} takes whole Pods (Kubernetes 1.22+,
 * on by default from 1.23): then the validating webhooks review its UPDATEs. Before 1.22 it took an
 * {@code EphemeralContainers} object, behind an alpha feature gate, and is not reviewed.
 */
@ApplicationScoped
public class ServedWorkloadResources {

    private static final Logger LOG = Logger.getLogger(ServedWorkloadResources.class);
    private static final String CORE_GROUP = "";
    private static final String CORE_VERSION = "v1";
    private static final String EPHEMERAL_CONTAINERS =
            WorkloadKind.POD.plural() + "/" + WorkloadKind.EPHEMERAL_CONTAINERS;
    /** Reviewed only on UPDATE: that is how ephemeral containers are added. */
    private static final ResourceRule EPHEMERAL_CONTAINERS_RULE = new ResourceRule(CORE_GROUP, List.of(CORE_VERSION),
            List.of(EPHEMERAL_CONTAINERS), List.of("UPDATE"));

    private final KubernetesClient client;
    private final WorkloadKinds kinds;
    private final Map<String, List<ResourceRule>> lastDiscoveredByGroup = new ConcurrentHashMap<>();

    public ServedWorkloadResources(KubernetesClient client, WorkloadKinds kinds) {
        this.client = client;
        this.kinds = kinds;
    }

    /** The workload kinds looked for: the built-in ones and those declared in configuration. */
    public WorkloadKinds kinds() {
        return kinds;
    }

    /**
     * One rule per group and set of resources served at the same versions, built-in kinds first, the
     * core group's followed by the rule for {@code pods/ephemeralcontainers} where it takes whole Pods.
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

    private Map<String, List<String>> workloadPluralsByGroup() {
        Map<String, List<String>> pluralsByGroup = new LinkedHashMap<>();
        for (WorkloadShape kind : kinds.all()) {
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
        boolean ephemeralContainers = false;
        for (String version : versions) {
            List<APIResource> resources;
            try {
                resources = servedResources(group, version);
            } catch (KubernetesClientException e) {
                LOG.warnf("Could not discover the resources of %s, keeping the last discovered ones: %s",
                        groupVersion(group, version), e.getMessage());
                return lastDiscovered(group);
            }
            List<String> served = servedPlurals(resources, plurals);
            if (!served.isEmpty()) {
                versionsByResources.computeIfAbsent(served, list -> new ArrayList<>()).add(version);
            }
            ephemeralContainers |= group.equals(CORE_GROUP) && version.equals(CORE_VERSION)
                    && takesWholePods(resources);
        }
        List<ResourceRule> rules = new ArrayList<>();
        versionsByResources.forEach((resources, served) -> rules.add(
                new ResourceRule(group, served, resources, ResourceRule.CREATE_AND_UPDATE)));
        if (ephemeralContainers) {
            rules.add(EPHEMERAL_CONTAINERS_RULE);
        }
        lastDiscoveredByGroup.put(group, List.copyOf(rules));
        return rules;
    }

    private List<APIResource> servedResources(String group, String version) {
        APIResourceList resources = client.getApiResources(groupVersion(group, version));
        return resources == null ? List.of() : resources.getResources();
    }

    /** The workload plurals among {@code resources}, in the order of {@code plurals}. */
    private static List<String> servedPlurals(List<APIResource> resources, List<String> plurals) {
        Set<String> served = resources.stream()
                .map(APIResource::getName)
                .filter(name -> !name.contains("/"))
                .collect(Collectors.toSet());
        return plurals.stream().filter(served::contains).toList();
    }

    /** True when {@code pods/ephemeralcontainers} is served and, as from Kubernetes 1.22, takes a Pod. */
    private static boolean takesWholePods(List<APIResource> resources) {
        return resources.stream().anyMatch(resource -> EPHEMERAL_CONTAINERS.equals(resource.getName())
                && WorkloadKind.POD.kind().equals(resource.getKind()));
    }

    private List<ResourceRule> lastDiscovered(String group) {
        return lastDiscoveredByGroup.getOrDefault(group, List.of());
    }

    private static String groupVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /**
     * The typed class of {@code kind} at a version the API server serves, as {@code rules} found them (CronJob at
     * batch/v1 when served, else batch/v1beta1); a kind whose group discovery did not find keeps its newest class.
     */
    public static Class<? extends HasMetadata> servedType(WorkloadKind kind, List<ResourceRule> rules) {
        List<String> versions = rules.stream()
                .filter(rule -> rule.group().equals(kind.group()) && rule.resources().contains(kind.plural()))
                .flatMap(rule -> rule.versions().stream()).toList();
        return kind.typeFor(versions);
    }

    /** Whether {@code rules} serve {@code kind} at some version. */
    public static boolean serves(WorkloadShape kind, List<ResourceRule> rules) {
        return rules.stream().anyMatch(rule -> rule.group().equals(kind.group())
                && rule.resources().contains(kind.plural()));
    }
}
