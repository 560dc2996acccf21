package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * With the default {@code shipshape.reports.format=auto}, through the real API server: the audit writes PolicyReports
 * while only their CRD is served, and once the OpenReports CRD is installed it writes Reports and deletes the
 * PolicyReports it wrote, without a restart.
 */
class ReportFormatIT {

    private static final String NAMESPACE = "reports";
    private static final String POLICY = "reported";
    /**
     * The operator asks again whether a report API is served at most every 30 s; the report follows the next pass
     * within the freshness promise of docs/reliability.md, on a busy machine.
     */
    private static final Duration SWITCHES = Duration.ofSeconds(120);
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext OPEN_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
            .withNamespaced(true).build();

    @Test
    void policyReportsUntilOpenReportsAreServedThenReportsOnly() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-report-format");
        OperatorProcess operator = null;
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml",
                    "deploy/components/policy-reports/policyreport-crd.yaml");
            ClusterObjects.namespace(admin, OperatorProcess.NAMESPACE);
            ClusterObjects.namespace(admin, NAMESPACE);
            admin.resource(ClusterObjects.manifest(admin, "bad-deployment.yaml", NAMESPACE)).create();
            int port = OperatorProcess.freePort();
            operator = OperatorProcess.start(kubeconfig, port, port, List.of("-XX:+UseSerialGC", "-Xmx128m"),
                    OperatorProcess.SHORT_LEASE, Map.of(), work.resolve("operator.log"));
            admin.resource(ClusterObjects.policy(POLICY, Mode.Audit, NAMESPACE)).create();
            await("a PolicyReport while only its CRD is served").atMost(SWITCHES)
                    .until(() -> report(admin, POLICY_REPORT) != null);

            ClusterObjects.installCrds(admin, "deploy/components/open-reports/openreports-crd.yaml");
            AtomicInteger passes = new AtomicInteger();
            await("a Report instead, and the PolicyReport gone").atMost(SWITCHES).pollInterval(Duration.ofSeconds(5))
                    .until(() -> {
                        // a change of the policy makes the audit write its reports again
                        admin.resources(HardeningPolicy.class).withName(POLICY).edit(policy -> {
                            policy.getMetadata().setAnnotations(Map.of("example.com/pass",
                                    Integer.toString(passes.incrementAndGet())));
                            return policy;
                        });
                        return report(admin, OPEN_REPORT) != null && report(admin, POLICY_REPORT) == null;
                    });
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    private static Object report(KubernetesClient admin, ResourceDefinitionContext api) {
        return admin.genericKubernetesResources(api).inNamespace(NAMESPACE).withName("shipshape-" + POLICY).get();
    }
}
