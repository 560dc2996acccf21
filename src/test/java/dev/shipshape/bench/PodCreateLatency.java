package dev.shipshape.bench;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.it.ControllerManager;
import dev.shipshape.it.LocalControlPlane;
import dev.shipshape.it.OperatorProcess;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * Pod CREATE latency through a real kube-apiserver with and without Shipshape's enforcing webhook, side by
 * side in one run: creates alternate between a namespace an Enforce policy covers (the API server calls the
 * webhook, which reviews and admits the hardened sample Pod), one the webhooks exclude (the API server never
 * calls them) and one where a copy of the enforcing webhook's configuration calls the operator's {@code /floor}
 * instead, which reads the review and allows it: what any webhook costs here, whatever it decides. Alternating
 * lets drift of the machine affect all three alike. The controllers run beside the API server, as in a cluster, and
 * the API server's audit log counts the requests the operator makes meanwhile.
 */
@Command(name = "pod-create-latency", mixinStandardHelpOptions = true,
        description = "Pod CREATE latency through kube-apiserver with and without the Shipshape webhook")
public final class PodCreateLatency implements Callable<Integer> {

    private static final String WITH = "with-webhook";
    private static final String WITHOUT = "without-webhook";
    private static final String FLOOR = "floor-webhook";
    private static final String FLOOR_CONFIGURATION = "pod-create-latency-floor";
    private static final String FLOOR_WEBHOOK_PREFIX = "floor-";
    private static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final String USER_AGENT = "shipshape-pod-create-latency";
    private static final String POLICY = "enforce-hardened";
    /** How long the audit may take to count the last created Pod in the policy's status. */
    private static final Duration AUDIT_FOLLOWS = Duration.ofMinutes(1);

    @Option(names = "--creates", defaultValue = "2000", description = "Measured creates per namespace. Default: ${DEFAULT-VALUE}")
    int creates;

    @Option(names = "--warmup", defaultValue = "300", description = "Unmeasured creates per namespace first. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--jvm-options", defaultValue = "-XX:+UseSerialGC -Xmx112m -Xmn16m -XX:TieredStopAtLevel=1 "
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
        Path work = Files.createTempDirectory("shipshape-pod-create");
        OperatorRequests operatorRequests = OperatorRequests.auditedIn(work);
        KubeAPIServer server = LocalControlPlane.start(operatorRequests.apiServerFlags());
        int webhookPort = OperatorProcess.freePort();
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        config.setUserAgent(USER_AGENT);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             ControllerManager controllers = ControllerManager.start(server, work)) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            try (InputStream crd = new FileInputStream("crds/hardeningpolicies.shipshape.dev-v1.yml")) {
                client.load(crd).create();
            }
            for (String namespace : List.of(OperatorProcess.NAMESPACE, WITH, WITHOUT, FLOOR)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels(NAME_LABEL, namespace).endMetadata().build()).create();
            }
            try (OperatorProcess operator = OperatorProcess.start(kubeconfig, webhookPort, webhookPort,
                    List.of(jvmOptions.trim().split("\\s+")),
                    Map.of("shipshape.webhook.excluded-namespaces", WITHOUT + "," + FLOOR,
                            "shipshape.webhook.floor-endpoint", "true"), Map.of(),
                    Path.of("target", "pod-create-latency-operator.log"))) {
                client.resource(policy()).create();
                await("the enforcing webhook reviews Pods in " + WITH).atMost(Duration.ofMinutes(2))
                        .ignoreExceptions().until(() -> deniedInWith(client));
                client.resource(floorConfiguration(client)).create();

                Pod pod;
                try (InputStream in = new FileInputStream("deploy/samples/workloads/hardened-pod.yaml")) {
                    pod = client.getKubernetesSerialization().unmarshal(in, Pod.class);
                }
                Histogram with = new Histogram(3);
                Histogram without = new Histogram(3);
                Histogram floor = new Histogram(3);
                double floorCallsBefore = floorCalls(client);
                Instant measuredFrom = null;
                for (int i = 0; i < warmup + creates; i++) {
                    boolean measured = i >= warmup;
                    if (i == warmup) {
                        measuredFrom = Instant.now();
                    }
                    create(client, pod, WITH, i, measured ? with : null);
                    create(client, pod, WITHOUT, i, measured ? without : null);
                    create(client, pod, FLOOR, i, measured ? floor : null);
                }
                int created = 3 * (warmup + creates);
                await("the audit counting every created Pod in the policy's status").atMost(AUDIT_FOLLOWS)
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> client.resources(HardeningPolicy.class).withName(POLICY).get().getStatus()
                                .getSummary().getWorkloads() == created);
                OperatorRequests.Count requests = operatorRequests.count(measuredFrom, Instant.now());
                double floorCalls = floorCalls(client) - floorCallsBefore;
                if (floorCalls != warmup + creates) {
                    throw new IllegalStateException("the API server called the floor webhook " + floorCalls
                            + " times for " + (warmup + creates) + " creates");
                }
                String results = String.format(Locale.ROOT, """
                        | Pod CREATE (%,d each, sequential, alternating) | mean | p50 | p90 | p99 | max |
                        |---|---:|---:|---:|---:|---:|
                        | without a webhook (excluded namespace) | %s |
                        | with a webhook that only reads the review (`/floor`) | %s |
                        | with the enforcing webhook (reviewed, admitted) | %s |
                        | ratio with / without | %s |
                        | ratio floor / without: any webhook | %s |
                        | ratio with / floor: Shipshape's decision | %s |

                        The operator's API requests from the first measured create until the policy's status counted
                        the last Pod, per created Pod (%,d Pods, all audited by the policy): **%.3f** (%,d requests: %s).
                        """, creates, row(without), row(floor), row(with), ratio(with, without), ratio(floor, without),
                        ratio(with, floor), 3 * creates, requests.total() / (3.0 * creates),
                        requests.total(), requests.byVerbAndResource());
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

    private static String row(Histogram histogram) {
        return String.join(" | ", ms(histogram.getMean()), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()));
    }

    private static String ratio(Histogram numerator, Histogram denominator) {
        return String.format(Locale.ROOT, "%.2f× | %.2f× | %.2f× | %.2f× | ",
                numerator.getMean() / denominator.getMean(),
                (double) numerator.getValueAtPercentile(50) / denominator.getValueAtPercentile(50),
                (double) numerator.getValueAtPercentile(90) / denominator.getValueAtPercentile(90),
                (double) numerator.getValueAtPercentile(99) / denominator.getValueAtPercentile(99));
    }

    /**
     * A copy of the enforcing webhook's configuration (same rules, timeout, failure policy and connection) that
     * calls {@code /floor} for Pods in the floor namespace only, and that the operator does not manage.
     */
    private static ValidatingWebhookConfiguration floorConfiguration(KubernetesClient client) {
        ValidatingWebhookConfiguration enforcing = client.admissionRegistration().v1()
                .validatingWebhookConfigurations().withName("shipshape-enforce").require();
        ValidatingWebhookConfiguration floor = new ValidatingWebhookConfiguration();
        floor.setMetadata(new ObjectMetaBuilder().withName(FLOOR_CONFIGURATION).build());
        floor.setWebhooks(enforcing.getWebhooks());
        for (int i = 0; i < floor.getWebhooks().size(); i++) {
            ValidatingWebhook webhook = floor.getWebhooks().get(i);
            webhook.setName(FLOOR_WEBHOOK_PREFIX + i + ".pod-create-latency.shipshape.dev");
            String url = webhook.getClientConfig().getUrl();
            webhook.getClientConfig().setUrl(url.substring(0, url.indexOf('/', "https://".length())) + "/floor");
            webhook.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels(NAME_LABEL, FLOOR).build());
        }
        return floor;
    }

    /** How many times the API server has called the floor webhook, from its own metrics. */
    private static double floorCalls(KubernetesClient client) {
        double calls = 0;
        for (String line : client.raw("/metrics").split("\n")) {
            if (line.startsWith("apiserver_admission_webhook_admission_duration_seconds_count{")
                    && line.contains("name=\"" + FLOOR_WEBHOOK_PREFIX)) {
                calls += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return calls;
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
        policy.setMetadata(new ObjectMetaBuilder().withName(POLICY).build());
        policy.setSpec(spec);
        return policy;
    }
}
