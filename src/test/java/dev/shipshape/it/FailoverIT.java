package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cluster.LeaderElection;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two operator replicas behind one webhook address (a {@link LoopbackService}), as in a cluster: the leader is
 * stopped with SIGTERM under a steady stream of reviews. It must exit promptly, the other replica must take the
 * lease and act as leader, and every review in the meantime must still be decided by a replica.
 */
class FailoverIT {

    private static final String WORKLOADS = "failover";

    @Test
    void theLeaderStopsPromptlyTheOtherTakesOverAndAdmissionIsNeverInterrupted() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Map<String, OperatorProcess> replicas = new ConcurrentHashMap<>();
        Path work = Files.createTempDirectory("shipshape-failover");
        int portA = OperatorProcess.freePort();
        int portB = OperatorProcess.freePort();
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
             LoopbackService service = new LoopbackService(List.of(portA, portB))) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml");
            for (String namespace : List.of(OperatorProcess.NAMESPACE, WORKLOADS)) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).create();
            }
            replicas.put("replica-a", start("replica-a", portA, service.port(), kubeconfig, work));
            replicas.put("replica-b", start("replica-b", portB, service.port(), kubeconfig, work));
            admin.resource(policy("enforce-everything", Mode.Enforce)).create();
            await("the enforcing webhook").atMost(Duration.ofSeconds(90)).until(() -> admin.admissionRegistration()
                    .v1().validatingWebhookConfigurations().withName("shipshape-enforce").get() != null);
            await("a review decided by a replica").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> deniedByShipshape(admin));

            String leader = holder(admin);
            String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
            AtomicBoolean reviewing = new AtomicBoolean(true);
            AtomicInteger decided = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread reviews = new Thread(() -> {
                while (reviewing.get()) {
                    String failure;
                    try {
                        ClusterObjects.Review review = ClusterObjects.review(admin, WORKLOADS);
                        failure = review == ClusterObjects.Review.DENIED ? null : review.name();
                    } catch (RuntimeException e) {
                        failure = e.getMessage();
                    }
                    if (failure == null) {
                        decided.incrementAndGet();
                    } else {
                        synchronized (failures) {
                            failures.add(failure);
                        }
                    }
                }
            }, "reviews");
            reviews.start();

            OperatorProcess stopped = replicas.get(leader);
            long stopping = System.nanoTime();
            assertThat(stopped.terminate(15)).as("the leader exits within 15 s of SIGTERM; see %s", stopped.log())
                    .isTrue();
            double exitSeconds = (System.nanoTime() - stopping) / 1e9;
            await("the lease goes to " + follower).atMost(Duration.ofSeconds(90))
                    .until(() -> follower.equals(holder(admin)));
            double takeoverSeconds = (System.nanoTime() - stopping) / 1e9;

            admin.resource(policy("warn-everything", Mode.Warn)).create();
            await("the new leader installs the advisory webhook").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.admissionRegistration().v1().validatingWebhookConfigurations()
                            .withName("shipshape-advisory").get() != null);
            reviewing.set(false);
            reviews.join();

            System.out.printf("failover: leader exited %.1f s after SIGTERM, lease taken over after %.1f s, "
                    + "%d reviews decided meanwhile, %d failed%n", exitSeconds, takeoverSeconds, decided.get(),
                    failures.size());
            assertThat(failures).as("reviews that no replica decided").isEmpty();
            assertThat(decided.get()).isPositive();
        } finally {
            for (OperatorProcess replica : replicas.values()) {
                replica.kill();
            }
            server.stop();
        }
    }

    private static boolean deniedByShipshape(KubernetesClient admin) {
        return ClusterObjects.review(admin, WORKLOADS) == ClusterObjects.Review.DENIED;
    }

    private static String holder(KubernetesClient admin) {
        Lease lease = admin.leases().inNamespace(OperatorProcess.NAMESPACE).withName(LeaderElection.LEASE_NAME).get();
        String identity = lease == null ? null : lease.getSpec().getHolderIdentity();
        return identity == null ? "" : identity.substring(0, identity.indexOf('_'));
    }

    private static OperatorProcess start(String name, int webhookPort, int servicePort, Path kubeconfig, Path work)
            throws IOException {
        return OperatorProcess.start(kubeconfig, webhookPort, servicePort, List.of("-XX:+UseSerialGC", "-Xmx128m"),
                OperatorProcess.SHORT_LEASE, Map.of("HOSTNAME", name), work.resolve(name + ".log"));
    }

    private static HardeningPolicy policy(String name, Mode mode) {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        spec.setChecks(ClusterObjects.segmentationOff());
        Match match = new Match();
        match.setNamespaces(List.of(WORKLOADS));
        spec.setMatch(match);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        return policy;
    }
}
