package dev.shipshape.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discovery endpoints of API servers of several Kubernetes releases, served by the fabric8 mock server. */
public final class DiscoveryFixture {

    /**
     * A group version with the resources it serves, subresources included as the API server lists them; a resource
     * written {@code name=Kind} is listed with that kind, the others with kind {@code Kind}.
     */
    public record Served(String groupVersion, List<String> resources) {
    }

    private static final Served CORE = new Served("v1", List.of("pods", "pods/status", "pods/exec",
            "replicationcontrollers", "replicationcontrollers/scale", "podtemplates", "configmaps", "namespaces"));
    /** From Kubernetes 1.22 the ephemeralcontainers subresource takes a Pod (on by default from 1.23). */
    private static final Served CORE_WITH_EPHEMERAL_CONTAINERS = new Served("v1", List.of("pods", "pods/status",
            "pods/exec", "pods/ephemeralcontainers=Pod", "replicationcontrollers", "replicationcontrollers/scale",
            "podtemplates", "configmaps", "namespaces"));
    private static final Served APPS = new Served("apps/v1", List.of("deployments", "deployments/scale",
            "deployments/status", "statefulsets", "daemonsets", "replicasets", "controllerrevisions"));
    private static final Served NETWORKING = new Served("networking.k8s.io/v1", List.of("ingresses",
            "networkpolicies"));

    /** Kubernetes 1.20: CronJobs only in batch/v1beta1. */
    public static final List<Served> KUBERNETES_1_20 = List.of(CORE, APPS,
            new Served("batch/v1", List.of("jobs", "jobs/status")),
            new Served("batch/v1beta1", List.of("cronjobs", "cronjobs/status")),
            NETWORKING);

    /** Kubernetes 1.20 with the EphemeralContainers feature gate on: the subresource takes EphemeralContainers. */
    public static final List<Served> KUBERNETES_1_20_EPHEMERAL_CONTAINERS_ALPHA = List.of(
            new Served("v1", List.of("pods", "pods/status", "pods/ephemeralcontainers=EphemeralContainers",
                    "replicationcontrollers", "podtemplates")),
            APPS,
            new Served("batch/v1", List.of("jobs", "jobs/status")),
            new Served("batch/v1beta1", List.of("cronjobs", "cronjobs/status")));

    /** Kubernetes 1.21 to 1.24: CronJobs in batch/v1 and still in batch/v1beta1. */
    public static final List<Served> KUBERNETES_1_23 = List.of(CORE_WITH_EPHEMERAL_CONTAINERS, APPS,
            new Served("batch/v1", List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status")),
            new Served("batch/v1beta1", List.of("cronjobs", "cronjobs/status")),
            NETWORKING);

    /** Kubernetes 1.25 and later: batch/v1 only. */
    public static final List<Served> KUBERNETES_1_30 = List.of(CORE_WITH_EPHEMERAL_CONTAINERS, APPS,
            new Served("batch/v1", List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status")),
            NETWORKING);

    private DiscoveryFixture() {
    }

    /** Serves the group list and every group version's resources, for as many requests as come. */
    public static void serve(KubernetesMockServer server, List<Served> served) {
        serveGroupList(server, served);
        for (Served groupVersion : served) {
            server.expect().get().withPath(path(groupVersion.groupVersion()))
                    .andReturn(200, resourceList(groupVersion)).always();
        }
    }

    /** Serves {@code /apis} listing the named groups among {@code served}, versions in the order given. */
    public static void serveGroupList(KubernetesMockServer server, List<Served> served) {
        Map<String, List<GroupVersionForDiscovery>> versionsByGroup = new LinkedHashMap<>();
        for (Served groupVersion : served) {
            int slash = groupVersion.groupVersion().indexOf('/');
            if (slash > 0) {
                versionsByGroup.computeIfAbsent(groupVersion.groupVersion().substring(0, slash),
                                group -> new ArrayList<>())
                        .add(new GroupVersionForDiscovery(groupVersion.groupVersion(),
                                groupVersion.groupVersion().substring(slash + 1)));
            }
        }
        List<APIGroup> groups = versionsByGroup.entrySet().stream()
                .map(group -> new APIGroupBuilder()
                        .withName(group.getKey())
                        .withVersions(group.getValue())
                        .withPreferredVersion(group.getValue().get(0))
                        .build())
                .toList();
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder().withGroups(groups).build())
                .always();
    }

    public static APIResourceList resourceList(Served groupVersion) {
        return new APIResourceListBuilder()
                .withGroupVersion(groupVersion.groupVersion())
                .withResources(groupVersion.resources().stream()
                        .map(resource -> {
                            int equals = resource.indexOf('=');
                            return new APIResourceBuilder()
                                    .withName(equals < 0 ? resource : resource.substring(0, equals))
                                    .withNamespaced(true)
                                    .withKind(equals < 0 ? "Kind" : resource.substring(equals + 1))
                                    .withVerbs("get").build();
                        })
                        .toList())
                .build();
    }

    /** Answers every request for the path with 403 Forbidden, as for a service account without the rights. */
    public static void forbid(KubernetesMockServer server, String path) {
        server.expect().get().withPath(path)
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("forbidden").build())
                .always();
    }

    public static String path(String groupVersion) {
        return groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
    }
}
