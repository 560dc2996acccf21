package dev.shipshape.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadKindLookupTest {

    @ParameterizedTest
    @CsvSource({
            "v1, Pod, POD",
            "apps/v1, Deployment, DEPLOYMENT",
            "apps/v1beta2, Deployment, DEPLOYMENT",
            "extensions/v1beta1, DaemonSet, DAEMON_SET",
            "batch/v1beta1, CronJob, CRON_JOB",
            "batch/v1, Job, JOB",
            "v1, PodTemplate, POD_TEMPLATE",
            "v1, ReplicationController, REPLICATION_CONTROLLER",
    })
    void knownKinds(String apiVersion, String kind, WorkloadKind expected) {
        assertThat(WorkloadKind.of(apiVersion, kind)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "v1, ConfigMap",
            "apps/v1, Pod",
            "example.com/v1, Deployment",
            "batch/v1, Deployment",
    })
    void otherKinds(String apiVersion, String kind) {
        assertThat(WorkloadKind.of(apiVersion, kind)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "'', pods, POD",
            "apps, deployments, DEPLOYMENT",
            "batch, cronjobs, CRON_JOB",
            "'', replicationcontrollers, REPLICATION_CONTROLLER",
    })
    void resources(String group, String resource, WorkloadKind expected) {
        assertThat(WorkloadKind.ofResource(group, resource)).contains(expected);
    }
}
