package dev.shipshape.it;

import io.fabric8.kubeapitest.KubeAPIServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a local control plane running for {@code make demo}: starts etcd and the API server on loopback,
 * writes the admin kubeconfig to the path given as the only argument and runs until it is terminated.
 */
public final class LocalControlPlaneMain {

    private LocalControlPlaneMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: LocalControlPlaneMain KUBECONFIG_PATH");
            System.exit(2);
        }
        KubeAPIServer server = LocalControlPlane.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        Path kubeconfig = Path.of(args[0]);
        Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        System.out.println("control plane ready; kubeconfig " + kubeconfig);
        stopped.await();
    }
}
