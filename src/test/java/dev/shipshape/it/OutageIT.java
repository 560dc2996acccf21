package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.shipshape.it.ClusterObjects.Review.ADMITTED;
import static dev.shipshape.it.ClusterObjects.Review.DENIED;
import static dev.shipshape.it.ClusterObjects.Review.WEBHOOK_UNREACHABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The only replica is killed (SIGKILL) and restarted while reviews keep coming. With only a Warn policy nothing
 * is ever blocked. With an Enforce policy the enforcing webhook fails closed while the operator is down: nothing
 * it covers is admitted unreviewed (it covers every namespace but the excluded ones, so the Warn namespace
 * waits too), and Shipshape decides again after the restart. Then, under the same load, the Warn policy is
 * switched to Enforce and takes effect without a failed review.
 */
class OutageIT {

    private static final String STRICT = "strict";
    private static final String RELAXED = "relaxed";

    /** What the API server answered in one namespace, in one phase of the test. */
    private static final class Answers {
        private final Map<ClusterObjects.Review, Integer> counts = new EnumMap<>(ClusterObjects.Review.class);

        synchronized void add(ClusterObjects.Review review) {
            counts.merge(review, 1, Integer::sum);
        }

        synchronized int get(ClusterObjects.Review review) {
            return counts.getOrDefault(review, 0);
        }

        @Override
        public synchronized String toString() {
            return counts.toString();
        }
    }

    @Test
    void warnNeverBlocksEnforceFailsClosedAndRecoversAndAnEditTakesEffectUnderLoad() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-outage");
        int webhookPort = OperatorProcess.freePort();
        OperatorProcess operator = null;
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        config.setRequestRetryBackoffLimit(0);
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml");
            for (String namespace : List.of(OperatorProcess.NAMESPACE, STRICT, RELAXED)) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).create();
            }
            operator = start(kubeconfig, webhookPort, work);
            admin.resource(ClusterObjects.policy("relaxed", Mode.Warn, RELAXED)).create();
            await("the advisory webhook serves").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> ClusterObjects.review(admin, RELAXED) == ADMITTED && admin.admissionRegistration()
                            .v1().validatingWebhookConfigurations().withName("shipshape-advisory").get() != null);

            AtomicReference<Answers> strict = new AtomicReference<>(new Answers());
            AtomicReference<Answers> relaxed = new AtomicReference<>(new Answers());
            AtomicBoolean reviewing = new AtomicBoolean(true);
            List<String> unexpected = new CopyOnWriteArrayList<>();
            Thread reviews = new Thread(() -> {
                while (reviewing.get()) {
                    try {
                        strict.get().add(ClusterObjects.review(admin, STRICT));
                        relaxed.get().add(ClusterObjects.review(admin, RELAXED));
                    } catch (RuntimeException e) {
                        unexpected.add(e.getMessage());
                    }
                }
            }, "reviews");
            reviews.start();

            operator.kill();
            Answers warnOnlyWhileDown = new Answers();
            relaxed.set(warnOnlyWhileDown);
            await("reviews of a Warn-only cluster while the operator is down").atMost(Duration.ofSeconds(30))
                    .until(() -> warnOnlyWhileDown.get(ADMITTED) >= 20);
            relaxed.set(new Answers());
            operator = start(kubeconfig, webhookPort, work);

            admin.resource(ClusterObjects.policy("strict", Mode.Enforce, STRICT)).create();
            Answers strictBefore = new Answers();
            strict.set(strictBefore);
            await("the enforcing webhook serves").atMost(Duration.ofSeconds(90))
                    .until(() -> strictBefore.get(DENIED) >= 20);
            operator.kill();
            Answers strictWhileDown = new Answers();
            Answers relaxedWhileDown = new Answers();
            strict.set(strictWhileDown);
            relaxed.set(relaxedWhileDown);
            await("reviews while the operator is down").atMost(Duration.ofSeconds(60))
                    .until(() -> strictWhileDown.get(WEBHOOK_UNREACHABLE) >= 20);

            operator = start(kubeconfig, webhookPort, work);
            Answers strictAfter = new Answers();
            strict.set(strictAfter);
            await("Shipshape decides again after the restart").atMost(Duration.ofSeconds(90))
                    .until(() -> strictAfter.get(DENIED) >= 20);
            Answers relaxedAfter = new Answers();
            relaxed.set(relaxedAfter);
            await("the Warn namespace is reviewed again").atMost(Duration.ofSeconds(30))
                    .until(() -> relaxedAfter.get(ADMITTED) >= 10);

            HardeningPolicy edited = admin.resources(HardeningPolicy.class).withName("relaxed").get();
            edited.getSpec().setMode(Mode.Enforce);
            admin.resource(edited).update();
            await("the edit takes effect under load").atMost(Duration.ofSeconds(10))
                    .until(() -> relaxedAfter.get(DENIED) >= 20);
            reviewing.set(false);
            reviews.join();

            System.out.printf("outage: Warn-only cluster while down %s; with an Enforce policy while down: strict %s, "
                    + "relaxed %s; after the restart: strict %s; relaxed across the edit to Enforce %s%n",
                    warnOnlyWhileDown, strictWhileDown, relaxedWhileDown, strictAfter, relaxedAfter);
            assertThat(unexpected).as("answers other than a decision or an unreachable webhook").isEmpty();
            assertThat(warnOnlyWhileDown.get(WEBHOOK_UNREACHABLE) + warnOnlyWhileDown.get(DENIED))
                    .as("a cluster with only Warn policies is never blocked: %s", warnOnlyWhileDown).isZero();
            assertThat(strictWhileDown.get(ADMITTED)).as("Enforce fails closed: %s", strictWhileDown).isZero();
            assertThat(strictAfter.get(ADMITTED)).as("after the restart: %s", strictAfter).isZero();
            assertThat(relaxedAfter.get(WEBHOOK_UNREACHABLE)).as("across the edit: %s", relaxedAfter).isZero();
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    private static OperatorProcess start(Path kubeconfig, int webhookPort, Path work) throws Exception {
        return OperatorProcess.start(kubeconfig, webhookPort, webhookPort, List.of("-XX:+UseSerialGC", "-Xmx128m"),
                OperatorProcess.SHORT_LEASE, Map.of(), work.resolve("operator.log"));
    }
}
