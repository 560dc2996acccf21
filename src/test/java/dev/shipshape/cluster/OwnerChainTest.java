package dev.shipshape.cluster;

import dev.shipshape.policy.WorkloadKind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerChainTest {

    private final Map<String, KnownOwner> cluster = new HashMap<>();
    private final OwnerLookup owners = (kind, namespace, name) ->
            Optional.ofNullable(cluster.get(kind + "/" + namespace + "/" + name));

    private KnownOwner add(WorkloadKind kind, String apiVersion, String name, String uid,
                           ControllerReference controller) {
        KnownOwner owner = new KnownOwner(kind, apiVersion, "shop", name, uid, Map.of(), Map.of(),
                Optional.ofNullable(controller), Optional.empty());
        cluster.put(kind + "/shop/" + name, owner);
        return owner;
    }

    private static Optional<ControllerReference> controller(String apiVersion, String kind, String name, String uid) {
        return Optional.of(new ControllerReference(apiVersion, kind, name, uid));
    }

    @Test
    void aPodOfAReplicaSetOfADeploymentIsCreatedForTheDeployment() {
        KnownOwner deployment = add(WorkloadKind.DEPLOYMENT, "apps/v1", "web", "d-1", null);
        add(WorkloadKind.REPLICA_SET, "apps/v1", "web-7d9f", "r-1",
                new ControllerReference("apps/v1", "Deployment", "web", "d-1"));

        assertThat(top(WorkloadKind.POD, "shop",
                controller("apps/v1", "ReplicaSet", "web-7d9f", "r-1"), owners)).contains(deployment);
    }

    @Test
    void aPodOfAJobOfACronJobIsCreatedForTheCronJobAtEitherVersion() {
        KnownOwner cronJob = add(WorkloadKind.CRON_JOB, "batch/v1beta1", "nightly", "c-1", null);
        add(WorkloadKind.JOB, "batch/v1", "nightly-2891", "j-1",
                new ControllerReference("batch/v1beta1", "CronJob", "nightly", "c-1"));

        assertThat(top(WorkloadKind.POD, "shop",
                controller("batch/v1", "Job", "nightly-2891", "j-1"), owners)).contains(cronJob);
    }

    @Test
    void aForgedUidGainsNothing() {
        add(WorkloadKind.DEPLOYMENT, "apps/v1", "web", "d-1", null);
        add(WorkloadKind.REPLICA_SET, "apps/v1", "web-7d9f", "r-1",
                new ControllerReference("apps/v1", "Deployment", "web", "d-1"));

        assertThat(top(WorkloadKind.POD, "shop",
                controller("apps/v1", "ReplicaSet", "web-7d9f", "forged"), owners)).isEmpty();
    }

    @Test
    void aKindThatDoesNotCreateTheObjectsKindIsNoOwner() {
        add(WorkloadKind.DEPLOYMENT, "apps/v1", "web", "d-1", null);

        assertThat(top(WorkloadKind.POD, "shop", controller("apps/v1", "Deployment", "web", "d-1"),
                owners)).as("Deployments create ReplicaSets, not Pods").isEmpty();
        assertThat(top(WorkloadKind.DEPLOYMENT, "shop",
                controller("apps/v1", "Deployment", "web", "d-1"), owners)).isEmpty();
    }

    @Test
    void theChainEndsAtTheLastLinkThatHolds() {
        KnownOwner replicaSet = add(WorkloadKind.REPLICA_SET, "apps/v1", "web-7d9f", "r-1",
                new ControllerReference("apps/v1", "Deployment", "web", "d-gone"));

        assertThat(top(WorkloadKind.POD, "shop",
                controller("apps/v1", "ReplicaSet", "web-7d9f", "r-1"), owners))
                .as("the Deployment is not in the cache").contains(replicaSet);
    }

    @Test
    void anOwnerNotInTheCacheOrInAnotherGroupIsNoOwner() {
        add(WorkloadKind.REPLICA_SET, "apps/v1", "web-7d9f", "r-1", null);

        assertThat(top(WorkloadKind.POD, "shop", controller("apps/v1", "ReplicaSet", "other", "r-2"),
                owners)).isEmpty();
        assertThat(top(WorkloadKind.POD, "shop",
                controller("example.com/v1", "ReplicaSet", "web-7d9f", "r-1"), owners)).isEmpty();
        assertThat(top(WorkloadKind.POD, "shop", Optional.empty(), owners)).isEmpty();
    }

    /** The last verified owner, as admission judges the object: its top owner. */
    private static Optional<KnownOwner> top(WorkloadKind kind, String namespace,
                                            Optional<ControllerReference> controller, OwnerLookup owners) {
        List<KnownOwner> chain = OwnerChain.verified(kind, namespace, controller, owners);
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(chain.size() - 1));
    }
}
