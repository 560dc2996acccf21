package dev.shipshape.it;

import io.fabric8.kubeapitest.KubeAPIServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kube-controller-manager 1.20.2 beside a {@link LocalControlPlane} API server, running the controllers of every
 * workload kind, the namespace, garbage collector and service account controllers: a Deployment gets its ReplicaSet
 * and Pods (which stay Pending: there is no scheduler or kubelet), a CronJob its Jobs, and a deleted namespace
 * goes away with its contents.
 */
public final class ControllerManager implements AutoCloseable {

    static final List<String> CONTROLLERS = List.of("deployment", "replicaset", "statefulset", "daemonset", "job",
            "cronjob", "namespace", "garbagecollector", "serviceaccount");

    private final Process process;
    private final Path log;

    private ControllerManager(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the controllers against {@code server}, logging to {@code work}/kube-controller-manager.log. */
    public static ControllerManager start(KubeAPIServer server, Path work) throws IOException {
        return start(server, work, List.of());
    }

    /**
     * Starts the controllers with extra flags, such as {@code --kube-api-qps=500} for a benchmark that has them
     * create thousands of objects (the default, 20 requests a second, would take many minutes).
     */
    public static ControllerManager start(KubeAPIServer server, Path work, List<String> flags) throws IOException {
        Path kubeconfig = work.resolve("controller-manager.kubeconfig");
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        Path log = work.resolve("kube-controller-manager.log");
        List<String> command = new ArrayList<>(List.of(
                LocalControlPlane.binary("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                "--leader-elect=false",
                "--port=0",
                "--secure-port=0"));
        command.addAll(flags);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ControllerManager(process, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
