package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.cluster.DiscoveryFixture.Served;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shipshape.cluster.DiscoveryFixture.KUBERNETES_1_20;
import static dev.shipshape.cluster.DiscoveryFixture.KUBERNETES_1_20_EPHEMERAL_CONTAINERS_ALPHA;
import static dev.shipshape.cluster.DiscoveryFixture.KUBERNETES_1_23;
import static dev.shipshape.cluster.DiscoveryFixture.KUBERNETES_1_30;
import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient
class ServedWorkloadResourcesTest {

    private static final ResourceRule CORE = new ResourceRule("", List.of("v1"),
            List.of("pods", "replicationcontrollers", "podtemplates"), ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule APPS = new ResourceRule("apps", List.of("v1"),
            List.of("deployments", "statefulsets", "daemonsets", "replicasets"), ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule EPHEMERAL_CONTAINERS = new ResourceRule("", List.of("v1"),
            List.of("pods/ephemeralcontainers"), List.of("UPDATE"));
    private static final ResourceRule JOBS_V1 = new ResourceRule("batch", List.of("v1"), List.of("jobs"), ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule CRON_JOBS_V1BETA1 = new ResourceRule("batch", List.of("v1beta1"),
            List.of("cronjobs"), ResourceRule.CREATE_AND_UPDATE);

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void kubernetes120ServesCronJobsOnlyAsBatchV1beta1() {
        DiscoveryFixture.serve(server, KUBERNETES_1_20);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover())
                .containsExactly(CORE, APPS, JOBS_V1, CRON_JOBS_V1BETA1);
    }

    @Test
    void kubernetes123ServesCronJobsInBothBatchVersions() {
        DiscoveryFixture.serve(server, KUBERNETES_1_23);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover()).containsExactly(CORE, EPHEMERAL_CONTAINERS, APPS,
                new ResourceRule("batch", List.of("v1"), List.of("jobs", "cronjobs"), ResourceRule.CREATE_AND_UPDATE),
                CRON_JOBS_V1BETA1);
    }

    @Test
    void currentKubernetesServesBatchV1Only() {
        DiscoveryFixture.serve(server, KUBERNETES_1_30);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover()).containsExactly(CORE, EPHEMERAL_CONTAINERS, APPS,
                new ResourceRule("batch", List.of("v1"), List.of("jobs", "cronjobs"), ResourceRule.CREATE_AND_UPDATE));
    }

    @Test
    void ephemeralContainersOfAlphaShapeAreNotReviewed() {
        DiscoveryFixture.serve(server, KUBERNETES_1_20_EPHEMERAL_CONTAINERS_ALPHA);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover())
                .containsExactly(CORE, APPS, JOBS_V1, CRON_JOBS_V1BETA1)
                .noneMatch(ResourceRule::subresource);
    }

    @Test
    void failingCoreGroupLaterKeepsTheEphemeralContainersRule() {
        server.expect().get().withPath("/api/v1")
                .andReturn(200, DiscoveryFixture.resourceList(KUBERNETES_1_30.get(0))).once();
        DiscoveryFixture.forbid(server, "/api/v1");
        DiscoveryFixture.serve(server, KUBERNETES_1_30);
        ServedWorkloadResources servedResources = new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN);

        assertThat(servedResources.discover()).contains(CORE, EPHEMERAL_CONTAINERS);
        assertThat(servedResources.discover()).contains(CORE, EPHEMERAL_CONTAINERS);
    }

    @Test
    void versionsServingTheSameResourcesShareOneRule() {
        DiscoveryFixture.serve(server, List.of(
                new Served("v1", List.of("pods")),
                new Served("apps/v1", List.of("deployments", "daemonsets")),
                new Served("apps/v1beta2", List.of("daemonsets", "deployments", "deployments/scale"))));

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover()).containsExactly(
                new ResourceRule("", List.of("v1"), List.of("pods"), ResourceRule.CREATE_AND_UPDATE),
                new ResourceRule("apps", List.of("v1", "v1beta2"), List.of("deployments", "daemonsets"), ResourceRule.CREATE_AND_UPDATE));
    }

    @Test
    void groupTheServerDoesNotServeHasNoRule() {
        DiscoveryFixture.serve(server, List.of(
                new Served("v1", List.of("pods")),
                new Served("apps/v1", List.of("deployments"))));

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover()).containsExactly(
                new ResourceRule("", List.of("v1"), List.of("pods"), ResourceRule.CREATE_AND_UPDATE),
                new ResourceRule("apps", List.of("v1"), List.of("deployments"), ResourceRule.CREATE_AND_UPDATE));
    }

    @Test
    void groupWhoseDiscoveryFailsIsSkippedAndTheOthersKept() {
        DiscoveryFixture.forbid(server, "/apis/apps/v1");
        DiscoveryFixture.serve(server, KUBERNETES_1_20);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover())
                .containsExactly(CORE, JOBS_V1, CRON_JOBS_V1BETA1);
    }

    @Test
    void failingGroupListStillLeavesTheCoreGroup() {
        DiscoveryFixture.forbid(server, "/apis");
        DiscoveryFixture.serve(server, KUBERNETES_1_20);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover()).containsExactly(CORE);
    }

    @Test
    void failingCoreGroupLeavesTheNamedGroups() {
        DiscoveryFixture.forbid(server, "/api/v1");
        DiscoveryFixture.serve(server, KUBERNETES_1_20);

        assertThat(new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover())
                .containsExactly(APPS, JOBS_V1, CRON_JOBS_V1BETA1);
    }

    @Test
    void groupWhoseDiscoveryFailsLaterKeepsItsLastDiscoveredRules() {
        Served cronJobs = KUBERNETES_1_20.get(3);
        server.expect().get().withPath("/apis/batch/v1beta1")
                .andReturn(200, DiscoveryFixture.resourceList(cronJobs)).once();
        DiscoveryFixture.forbid(server, "/apis/batch/v1beta1");
        DiscoveryFixture.serve(server, KUBERNETES_1_20);
        ServedWorkloadResources servedResources = new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN);
        List<ResourceRule> first = servedResources.discover();

        List<ResourceRule> afterFailure = servedResources.discover();

        assertThat(first).containsExactly(CORE, APPS, JOBS_V1, CRON_JOBS_V1BETA1);
        assertThat(afterFailure).isEqualTo(first);
    }
}
