package dev.shipshape.bench;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.it.ControllerManager;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import dev.shipshape.it.LocalControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubeapitest.KubeAPIServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The audit at scale: creates {@code --workloads} Deployments (half hardened, half violating) in a local
 * Kubernetes 1.20 API server, starts the packaged operator against it as a process of its own, applies one
 * Audit policy over every namespace and waits until its status counts every workload. Reports the time the
 * audit of all workloads took (from the operator's own {@code shipshape_audit_duration_seconds}), the
 * operator's CPU time and its resident memory. {@code make bench-audit} runs it; see docs/benchmarks.md.
 */
@Command(name = "audit-scale", mixinStandardHelpOptions = true,
        description = "Measure the audit of many existing workloads by the packaged operator.")
public final class AuditScale implements Callable<Integer> {

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** How long the controllers may take to create a ReplicaSet and a Pod for every Deployment. */
    private static final java.time.Duration CONTROLLERS_CREATE = java.time.Duration.ofMinutes(15);

    @Option(names = "--workloads", defaultValue = "10000", description = "Deployments to create. Default: ${DEFAULT-VALUE}")
    int workloads;

    @Option(names = "--namespaces", defaultValue = "50", description = "Namespaces to spread them over. Default: ${DEFAULT-VALUE}")
    int namespaces;

    @Option(names = "--jvm-options", defaultValue = "-XX:+UseSerialGC -Xmx112m -Xmn16m -XX:TieredStopAtLevel=1 "
            + "-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError",
            description = "JVM options of the operator process, space-separated. Default, as the images and the "
                    + "chart run it: ${DEFAULT-VALUE}")
    String jvmOptions;

    @Option(names = "--rest", defaultValue = "10", description = "Seconds the operator rests after the audit and a "
            + "full GC before its RSS is read. Default: ${DEFAULT-VALUE}")
    int restSeconds;

    @Option(names = "--native-memory", description = "Track native memory in the operator and write its "
            + "breakdown (jcmd VM.native_memory summary, GC.heap_info, GC.class_histogram) after the full GC to target/audit-scale-native-memory.txt")
    boolean nativeMemory;

    @Option(names = "--report", description = "Also write the results (Markdown) to this file")
    Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditScale()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Process operator = null;
        Path work = Files.createTempDirectory("shipshape-audit-scale");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
             ControllerManager controllers = ControllerManager.start(server, work,
                     List.of("--kube-api-qps=500", "--kube-api-burst=1000"))) {
            Path kubeconfig = Files.createTempFile("shipshape-audit-scale", ".kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            for (Path crd : List.of(Path.of("crds", "hardeningpolicies.shipshape.dev-v1.yml"),
                    Path.of("deploy", "components", "policy-reports", "policyreport-crd.yaml"))) {
                try (InputStream in = new FileInputStream(crd.toFile())) {
                    client.load(in).serverSideApply();
                }
            }
            createWorkloads(client);
            long replicaSets = awaitCount("ReplicaSets", () -> count(token -> client.apps().replicaSets()
                    .inAnyNamespace().list(page(token))), controllers);
            long pods = awaitCount("Pods", () -> count(token -> client.pods().inAnyNamespace().list(page(token))),
                    controllers);

            int metricsPort = freePort();
            operator = startOperator(kubeconfig, metricsPort);
            long policyCreated = System.nanoTime();
            client.resource(policy()).create();
            waitForStatus(client, operator);
            double auditSeconds = System.nanoTime() - policyCreated;
            String scrape = scrape(metricsPort);
            double policyAudit = sample(scrape, "sum", "policy");
            double policyAudits = sample(scrape, "count", "policy");
            double workloadAudit = sample(scrape, "sum", "workload");
            double workloadAudits = sample(scrape, "count", "workload");
            double cpuSeconds = cpuTicks(operator.pid()) / (double) CLOCK_TICKS_PER_SECOND;
            long peakRss = statusKiB(operator.pid(), "VmHWM");
            jcmd(operator.pid(), "GC.run").inheritIO().start().waitFor();
            Thread.sleep(restSeconds * 1000L);
            long rss = statusKiB(operator.pid(), "VmRSS");
            if (nativeMemory) {
                Path breakdown = Path.of("target", "audit-scale-native-memory.txt");
                jcmd(operator.pid(), "VM.native_memory", "summary").redirectOutput(breakdown.toFile())
                        .start().waitFor();
                for (String[] command : List.of(new String[] {"GC.heap_info"}, new String[] {"GC.class_histogram"})) {
                    jcmd(operator.pid(), command).redirectOutput(ProcessBuilder.Redirect.appendTo(breakdown.toFile()))
                            .start().waitFor();
                }
                System.out.println("native memory breakdown: " + breakdown);
                jcmd(operator.pid(), "GC.heap_dump", Path.of("target", "audit-scale.hprof").toAbsolutePath().toString())
                        .inheritIO().start().waitFor();
            }

            String results = String.format(Locale.ROOT, """
                    | measure | value |
                    |---|---|
                    | workloads audited | %,d Deployments in %d namespaces, half of them violating |
                    | created by kube-controller-manager beside them | %,d ReplicaSets, %,d Pods (Pending) |
                    | operator JVM options | `%s` |
                    | policy created → status counts every workload | %.2f s |
                    | evaluating every workload against the policy (%s policy-scope passes, sum) | %.3f s |
                    | evaluating workloads as they arrived (%s workload-scope passes, sum) | %.3f s |
                    | operator CPU time since its start (start-up, informer lists, audit, status, reports) | %.1f s |
                    | operator RSS after a full GC and %d s of rest | %,d MiB |
                    | operator peak RSS | %,d MiB |
                    """, workloads, namespaces, replicaSets, pods, jvmOptions.isBlank() ? "(defaults)" : jvmOptions,
                    auditSeconds / 1e9, (long) policyAudits, policyAudit, (long) workloadAudits, workloadAudit,
                    cpuSeconds, restSeconds, rss / 1024, peakRss / 1024);
            System.out.print(results);
            if (report != null) {
                Files.writeString(report, results);
            }
            return 0;
        } finally {
            if (operator != null) {
                operator.destroy();
                if (!operator.waitFor(20, TimeUnit.SECONDS)) {
                    operator.destroyForcibly().waitFor();
                }
            }
            server.stop();
        }
    }

    /**
     * Waits until the controllers have created one object of a kind per Deployment (each has one replica), counted
     * across every page of a list.
     */
    private long awaitCount(String what, java.util.function.LongSupplier count, ControllerManager controllers) {
        long started = System.nanoTime();
        await("the controllers creating a " + what + " for every Deployment (see " + controllers.log() + ")")
                .atMost(CONTROLLERS_CREATE).pollInterval(java.time.Duration.ofSeconds(2)).until(() -> {
                    if (!controllers.isAlive()) {
                        throw new IllegalStateException("kube-controller-manager exited; see " + controllers.log());
                    }
                    return count.getAsLong() >= workloads;
                });
        long seen = count.getAsLong();
        System.out.printf(Locale.ROOT, "the controllers created %,d %s within %.0f s%n", seen, what,
                (System.nanoTime() - started) / 1e9);
        return seen;
    }

    private static ListOptions page(String continueToken) {
        return new ListOptionsBuilder().withLimit(1000L).withContinue(continueToken).build();
    }

    /** Objects in every page of a list, each page asked for with the previous page's continue token. */
    private static long count(java.util.function.Function<String, KubernetesResourceList<?>> list) {
        long count = 0;
        String token = null;
        do {
            KubernetesResourceList<?> page = list.apply(token);
            count += page.getItems().size();
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return count;
    }

    private void createWorkloads(KubernetesClient client) throws Exception {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        Deployment hardened = load(serialization, "deploy/samples/workloads/hardened-deployment.yaml");
        Deployment violating = load(serialization, "deploy/samples/workloads/bad-deployment.yaml");
        for (int n = 0; n < namespaces; n++) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(n))
                    .endMetadata().build()).create();
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shipshape-system")
                .endMetadata().build()).create();
        long started = System.nanoTime();
        ExecutorService creators = Executors.newFixedThreadPool(16);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < workloads; i++) {
            int index = i;
            created.add(creators.submit(() -> {
                Deployment deployment = serialization.clone(index % 2 == 0 ? hardened : violating);
                deployment.getMetadata().setName("app-" + index);
                deployment.getSpec().setReplicas(1);
                deployment.getMetadata().setNamespace(namespace(index % namespaces));
                client.resource(deployment).create();
            }));
        }
        for (Future<?> future : created) {
            future.get();
        }
        creators.shutdown();
        System.out.printf(Locale.ROOT, "created %,d Deployments in %.1f s%n", workloads,
                (System.nanoTime() - started) / 1e9);
    }

    private Process startOperator(Path kubeconfig, int metricsPort) throws IOException {
        int webhookPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (nativeMemory) {
            command.add("-XX:NativeMemoryTracking=summary");
        }
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Dkubeconfig=" + kubeconfig, "-Dshipshape.namespace=shipshape-system",
                "-Dshipshape.webhook.host=127.0.0.1", "-Dshipshape.webhook.port=" + webhookPort,
                "-Dshipshape.webhook.url=https://127.0.0.1:" + webhookPort, "-Dquarkus.http.port=" + metricsPort,
                "-jar", "target/quarkus-app/quarkus-run.jar"));
        Path log = Path.of("target", "audit-scale-operator.log");
        System.out.println("starting the operator, log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static ProcessBuilder jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        return new ProcessBuilder(line);
    }

    private HardeningPolicy policy() {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(Mode.Audit);
        Match match = new Match();
        match.setNamespaces(List.of("*"));
        match.setExcludedNamespaces(List.of("kube-system"));
        spec.setMatch(match);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("scale").build());
        policy.setSpec(spec);
        return policy;
    }

    private void waitForStatus(KubernetesClient client, Process operator) {
        await("the status of policy scale counts " + workloads + " workloads")
                .atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!operator.isAlive()) {
                        throw new IllegalStateException("the operator exited; see target/audit-scale-operator.log");
                    }
                    HardeningPolicy policy = client.resources(HardeningPolicy.class).withName("scale").get();
                    return policy.getStatus() != null && policy.getStatus().getSummary() != null
                            && policy.getStatus().getSummary().getWorkloads() == workloads;
                });
    }

    private static String namespace(int index) {
        return String.format(Locale.ROOT, "team-%02d", index);
    }

    private static Deployment load(KubernetesSerialization serialization, String path) throws IOException {
        try (InputStream in = new FileInputStream(path)) {
            Deployment deployment = serialization.unmarshal(in, Deployment.class);
            deployment.getMetadata().setNamespace(null);
            return deployment;
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sample(String scrape, String suffix, String scope) {
        Matcher matcher = Pattern.compile("^shipshape_audit_duration_seconds_" + suffix + "\\{scope=\"" + scope
                + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
