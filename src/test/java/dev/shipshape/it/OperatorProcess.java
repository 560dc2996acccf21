package dev.shipshape.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged operator (target/quarkus-app) as a process of its own, outside the local control plane. */
public final class OperatorProcess implements AutoCloseable {

    public static final String NAMESPACE = "shipshape-system";
    /**
     * Leader election settings for tests that kill or stop the leader: a new leader takes over within 15 s
     * instead of the default 60 s. Too short for an API server outage longer than 10 s.
     */
    public static final Map<String, String> SHORT_LEASE = Map.of(
            "shipshape.leader-election.lease-duration", "PT15S",
            "shipshape.leader-election.renew-deadline", "PT10S",
            "shipshape.leader-election.retry-period", "PT2S");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int httpPort;

    private OperatorProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Starts the operator on 127.0.0.1 with its webhook server on {@code webhookPort}, announced to the API server
     * as {@code https://127.0.0.1:<servicePort>}.
     *
     * @param jvmOptions JVM options before {@code -jar}
     * @param properties further system properties
     * @param environment further environment variables
     */
    public static OperatorProcess start(Path kubeconfig, int webhookPort, int servicePort, List<String> jvmOptions,
                                 Map<String, String> properties, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        int httpPort = freePort();
        command.addAll(List.of("-Dkubeconfig=" + kubeconfig, "-Dshipshape.namespace=" + NAMESPACE,
                "-Dshipshape.webhook.host=127.0.0.1", "-Dshipshape.webhook.port=" + webhookPort,
                "-Dshipshape.webhook.url=https://127.0.0.1:" + servicePort, "-Dquarkus.http.port=" + httpPort));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new OperatorProcess(builder.start(), log, httpPort);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Whether the operator's readiness check answers UP, as a kubelet's readiness probe would ask it. A refused
     * connection (not listening yet) is not ready.
     */
    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The operator's Prometheus scrape. */
    public String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM; whether it exited within the time. */
    public boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** SIGKILL, as when a node or the container runtime ends it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The process id, for /proc and jcmd. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && !terminate(20)) {
            kill();
        }
    }
}
