package dev.shipshape.bench;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.it.LocalControlPlane;
import dev.shipshape.it.OperatorProcess;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * Pod CREATE latency through a real kube-apiserver with and without Shipshape's enforcing webhook, side by
 * side in one run: creates alternate between a namespace an Enforce policy covers (the API server calls the
 * webhook, which reviews and admits the hardened sample Pod) and one the webhooks exclude (the API server never
 * calls them), so that drift of the machine affects both alike.
 */
@Command(name = "pod-create-latency", mixinStandardHelpOptions = true,
        description = "Pod CREATE latency through kube-apiserver with and without the Shipshape webhook")
public final class PodCreateLatency implements Callable<Integer> {

    private static final String WITH = "with-webhook";
    private static final String WITHOUT = "without-webhook";

    @Option(names = "--creates", defaultValue = "2000", description = "Measured creates per namespace. Default: ${DEFAULT-VALUE}")
    int creates;

    @Option(names = "--warmup", defaultValue = "300", description = "Unmeasured creates per namespace first. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--jvm-options", defaultValue = "-XX:+UseSerialGC -Xmx104m -Xmn16m "
            + "-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError",
            description = "JVM options of the operator process. Default: ${DEFAULT-VALUE}")
    String jvmOptions;

    @Option(names = "--report", description = "Also write the results (Markdown) to this file")
    Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PodCreateLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-pod-create");
        int webhookPort = OperatorProcess.freePort();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            try (InputStream crd = new FileInputStream("crds/hardeningpolicies.shipshape.dev-v1.yml")) {
                client.load(crd).create();
            }
            for (String namespace : List.of(OperatorProcess.NAMESPACE, WITH, WITHOUT)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).create();
            }
            try (OperatorProcess operator = OperatorProcess.start(kubeconfig, webhookPort, webhookPort,
                    List.of(jvmOptions.trim().split("\\s+")),
                    Map.of("shipshape.webhook.excluded-namespaces", WITHOUT), Map.of(),
                    Path.of("target", "pod-create-latency-operator.log"))) {
                client.resource(policy()).create();
                await("the enforcing webhook reviews Pods in " + WITH).atMost(Duration.ofMinutes(2))
                        .ignoreExceptions().until(() -> deniedInWith(client));

                Pod pod;
                try (InputStream in = new FileInputStream("deploy/samples/workloads/hardened-pod.yaml")) {
                    pod = client.getKubernetesSerialization().unmarshal(in, Pod.class);
                }
                Histogram with = new Histogram(3);
                Histogram without = new Histogram(3);
                for (int i = 0; i < warmup + creates; i++) {
                    boolean measured = i >= warmup;
                    create(client, pod, WITH, i, measured ? with : null);
                    create(client, pod, WITHOUT, i, measured ? without : null);
                }
                String results = String.format(Locale.ROOT, """
                        | Pod CREATE (%,d each, sequential, alternating) | mean | p50 | p90 | p99 | max |
                        |---|---:|---:|---:|---:|---:|
                        | without the webhook (excluded namespace) | %s | %s | %s | %s | %s |
                        | with the enforcing webhook (reviewed, admitted) | %s | %s | %s | %s | %s |
                        | ratio with / without | %.2f× | %.2f× | %.2f× | %.2f× | |
                        """, creates,
                        ms(without.getMean()), ms(without.getValueAtPercentile(50)),
                        ms(without.getValueAtPercentile(90)), ms(without.getValueAtPercentile(99)),
                        ms(without.getMaxValue()),
                        ms(with.getMean()), ms(with.getValueAtPercentile(50)), ms(with.getValueAtPercentile(90)),
                        ms(with.getValueAtPercentile(99)), ms(with.getMaxValue()),
                        with.getMean() / without.getMean(),
                        (double) with.getValueAtPercentile(50) / without.getValueAtPercentile(50),
                        (double) with.getValueAtPercentile(90) / without.getValueAtPercentile(90),
                        (double) with.getValueAtPercentile(99) / without.getValueAtPercentile(99));
                System.out.print(results);
                if (report != null) {
                    Files.writeString(report, results);
                }
            }
            return 0;
        } finally {
            server.stop();
        }
    }

    private static void create(KubernetesClient client, Pod template, String namespace, int index,
                               Histogram histogram) {
        Pod pod = client.getKubernetesSerialization().clone(template);
        pod.getMetadata().setNamespace(namespace);
        pod.getMetadata().setName("pod-" + index);
        long started = System.nanoTime();
        client.resource(pod).create();
        if (histogram != null) {
            histogram.recordValue((System.nanoTime() - started) / 1000);
        }
    }

    private static boolean deniedInWith(KubernetesClient client) {
        Pod privileged = new Pod();
        privileged.setMetadata(new ObjectMetaBuilder().withName("probe").withNamespace(WITH).build());
        privileged.setSpec(new PodSpecBuilder().addNewContainer().withName("c")
                .withImage("busybox:1.36").withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .endContainer().build());
        try {
            client.resource(privileged).dryRun().create();
            return false;
        } catch (KubernetesClientException e) {
            return e.getMessage().contains("Shipshape denied Pod");
        }
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000);
    }

    private static HardeningPolicy policy() {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(Mode.Enforce);
        Match match = new Match();
        match.setNamespaces(List.of("*"));
        spec.setMatch(match);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("enforce-hardened").build());
        policy.setSpec(spec);
        return policy;
    }
}
