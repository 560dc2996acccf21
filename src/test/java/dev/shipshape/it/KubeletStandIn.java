package dev.shipshape.it;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a kubelet would report for the Pods of one namespace whose containers run outside the cluster (the
 * operator process of a test): Running, and Ready exactly while {@code readinessProbe} succeeds, asked every
 * {@value #PROBE_MILLIS} ms like a readiness probe.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final long PROBE_MILLIS = 500;

    private final KubernetesClient client;
    private final String namespace;
    private final BooleanSupplier readinessProbe;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kubelet-stand-in");
        thread.setDaemon(true);
        return thread;
    });

    private KubeletStandIn(KubernetesClient client, String namespace, BooleanSupplier readinessProbe) {
        this.client = client;
        this.namespace = namespace;
        this.readinessProbe = readinessProbe;
    }

    public static KubeletStandIn start(KubernetesClient client, String namespace, BooleanSupplier readinessProbe) {
        KubeletStandIn kubelet = new KubeletStandIn(client, namespace, readinessProbe);
        kubelet.probes.scheduleWithFixedDelay(kubelet::probe, 0, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        return kubelet;
    }

    private void probe() {
        try {
            boolean ready = readinessProbe.getAsBoolean();
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                if (ready != isReady(pod)) {
                    report(pod, ready);
                }
            }
        } catch (KubernetesClientException e) {
            // the next probe tries again, as a kubelet would
        }
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private void report(Pod pod, boolean ready) {
        String now = Instant.now().toString();
        String status = ready ? "True" : "False";
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", "True", now), condition("Initialized", "True", now),
                condition("ContainersReady", status, now), condition("Ready", status, now));
        pod.getStatus().setPhase("Running");
        pod.getStatus().setConditions(conditions);
        pod.getStatus().setContainerStatuses(pod.getSpec().getContainers().stream()
                .map(container -> new ContainerStatusBuilder().withName(container.getName())
                        .withImage(container.getImage()).withImageID("").withReady(ready).withStarted(true)
                        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(now).endRunning()
                        .endState().build())
                .toList());
        pod.getStatus().setStartTime(now);
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    private static PodCondition condition(String type, String status, String now) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now).build();
    }

    @Override
    public void close() throws InterruptedException {
        probes.shutdownNow();
        probes.awaitTermination(10, TimeUnit.SECONDS);
    }
}
