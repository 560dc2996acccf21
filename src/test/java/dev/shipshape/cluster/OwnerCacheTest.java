package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerCacheTest {

    private static final ResourceRule CORE = new ResourceRule("", List.of("v1"),
            List.of("pods", "replicationcontrollers", "podtemplates"), ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule APPS = new ResourceRule("apps", List.of("v1"),
            List.of("deployments", "statefulsets", "daemonsets", "replicasets"), ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule JOBS = new ResourceRule("batch", List.of("v1"), List.of("jobs"),
            ResourceRule.CREATE_AND_UPDATE);
    private static final ResourceRule CRON_JOBS_V1BETA1 = new ResourceRule("batch", List.of("v1beta1"),
            List.of("cronjobs"), ResourceRule.CREATE_AND_UPDATE);

    private final OwnerCache cache = new OwnerCache(null, null);

    @Test
    void everyOwnerKindTheServerServesIsWatched() {
        assertThat(cache.unwatched(List.of(CORE, APPS, JOBS, CRON_JOBS_V1BETA1))).containsExactly(
                WorkloadKind.DEPLOYMENT, WorkloadKind.STATEFUL_SET, WorkloadKind.DAEMON_SET, WorkloadKind.REPLICA_SET,
                WorkloadKind.REPLICATION_CONTROLLER, WorkloadKind.JOB, WorkloadKind.CRON_JOB);
    }

    @Test
    void kindsThatDiscoveryDidNotFindAreLeftForLaterInsteadOfWatchedAtAGuessedVersion() {
        assertThat(cache.unwatched(List.of(CORE, APPS)))
                .as("the batch group's discovery failed: no informer that could never list")
                .doesNotContain(WorkloadKind.JOB, WorkloadKind.CRON_JOB).hasSize(5);
        assertThat(cache.unwatched(List.of())).isEmpty();
    }

    @Test
    void theCacheIsNotSyncedBeforeDiscoveryHasBeenAsked() {
        assertThat(cache.synced()).isFalse();
    }

    @Test
    void servedKindsAreThoseARuleLists() {
        assertThat(ServedWorkloadResources.serves(WorkloadKind.CRON_JOB, List.of(CRON_JOBS_V1BETA1))).isTrue();
        assertThat(ServedWorkloadResources.serves(WorkloadKind.JOB, List.of(CRON_JOBS_V1BETA1))).isFalse();
        assertThat(ServedWorkloadResources.servedType(WorkloadKind.CRON_JOB, List.of(CRON_JOBS_V1BETA1)))
                .isEqualTo(CronJob.class);
    }
}
