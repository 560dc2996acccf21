package dev.shipshape.it;

import io.fabric8.kubeapitest.KubeAPIServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a local control plane running for {@code make demo}: starts etcd, the API server and the controllers
 * ({@link ControllerManager}) on loopback, writes the admin kubeconfig to the path given as the only argument and
 * runs until it is terminated.
 */
public final class LocalControlPlaneMain {

    private LocalControlPlaneMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: LocalControlPlaneMain KUBECONFIG_PATH");
            System.exit(2);
        }
        Path kubeconfig = Path.of(args[0]);
        Path state = kubeconfig.toAbsolutePath().getParent();
        Files.createDirectories(state);
        KubeAPIServer server = LocalControlPlane.start();
        ControllerManager controllers = ControllerManager.start(server, state);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                controllers.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.stop();
            stopped.countDown();
        }));
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        System.out.println("control plane ready; kubeconfig " + kubeconfig + "; controllers log "
                + controllers.log());
        stopped.await();
    }
}
