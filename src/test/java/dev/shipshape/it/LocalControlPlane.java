package dev.shipshape.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Kubernetes 1.20.2 API server and etcd on loopback (and, for tests that need controllers,
 * {@link ControllerManager}), from the binaries scripts/kube-binaries.sh builds
 * into {@code $SHIPSHAPE_CACHE} (default {@code $HOME/.cache/shipshape}); {@code make test} builds them first.
 */
public final class LocalControlPlane {

    public static final String VERSION = "1.20.2";

    private LocalControlPlane() {
    }

    /**
     * The cache directory by the scripts' rule, {@code ${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}}: the environment's
     * {@code HOME}, as a shell sees it, not the JVM's {@code user.home} (the passwd entry), which differs wherever
     * {@code HOME} is set elsewhere, as on many CI runners.
     */
    public static Path cacheDirectory() {
        return cacheDirectory(System.getenv());
    }

    static Path cacheDirectory(Map<String, String> environment) {
        String cache = environment.get("SHIPSHAPE_CACHE");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache);
        }
        String home = environment.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".cache", "shipshape");
    }

    /** kubectl of the same version, for what only kubectl shows (admission warnings). */
    public static Path kubectl() {
        return binary("kubectl");
    }

    /** A binary of the local control plane, such as {@code kube-controller-manager}. */
    static Path binary(String name) {
        return binaries().resolve(name);
    }

    private static Path binaries() {
        return cacheDirectory().resolve("k8s").resolve(VERSION + "-linux-amd64");
    }

    /** Starts a fresh API server; the caller stops it. */
    public static KubeAPIServer start() {
        return start(Map.of());
    }

    /**
     * Starts a fresh API server with extra kube-apiserver flags (such as {@code --feature-gates} to its value); the
     * caller stops it.
     */
    public static KubeAPIServer start(Map<String, String> apiServerFlags) {
        if (!Files.isExecutable(binaries().resolve("kube-apiserver"))) {
            throw new IllegalStateException("no kube-apiserver in " + binaries()
                    + ": run make control-plane (scripts/kube-binaries.sh) first");
        }
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(cacheDirectory().toString())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false);
        apiServerFlags.forEach(config::withApiServerFlag);
        KubeAPIServer server = new KubeAPIServer(config.build());
        server.start();
        return server;
    }
}
