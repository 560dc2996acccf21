package dev.shipshape.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the operator under test against a real Kubernetes 1.20.2 API server on loopback, with the HardeningPolicy and
 * HardeningExemption CRDs from crds/ and the optional PolicyReport and OpenReports CRDs from deploy/components/
 * installed (the operator writes both reports), and the webhooks pointing at the operator's admission port on
 * 127.0.0.1.
 */
public class OperatorOnLocalControlPlane implements QuarkusTestResourceLifecycleManager {

    /** The namespace the operator runs in, as a deployment would create it. */
    public static final String OPERATOR_NAMESPACE = "shipshape-system";

    private static KubeAPIServer server;
    private static Path kubeconfig;

    @Override
    public Map<String, String> start() {
        server = LocalControlPlane.start();
        try {
            kubeconfig = Files.createTempFile("shipshape-it", ".kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            try (KubernetesClient client = client()) {
                ClusterObjects.installCrds(client, "crds/hardeningpolicies.shipshape.dev-v1.yml",
                        "crds/hardeningexemptions.shipshape.dev-v1.yml");
                ClusterObjects.installCrds(client, "deploy/components/policy-reports/policyreport-crd.yaml",
                        "deploy/components/open-reports/openreports-crd.yaml");
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE)
                        .endMetadata().build()).serverSideApply();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
        int port = freePort();
        return Map.of(
                "quarkus.kubernetes-client.devservices.enabled", "false",
                "quarkus.log.category.\"dev.shipshape\".level", "DEBUG",
                "shipshape.namespace", OPERATOR_NAMESPACE,
                "shipshape.reports.format", "both",
                "shipshape.webhook.host", "127.0.0.1",
                "shipshape.webhook.port", Integer.toString(port),
                "shipshape.webhook.url", "https://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        if (server != null) {
            server.stop();
        }
    }

    /** A client of the test's API server, as an administrator. */
    public static KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    }

    /** The kubeconfig file of the test's API server, for kubectl. */
    public static Path kubeconfig() {
        return kubeconfig;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
