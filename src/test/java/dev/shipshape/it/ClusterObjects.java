package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Namespaces and the workload manifests under src/test/resources/it/, for the integration tests. */
final class ClusterObjects {

    /** How long the API server may take to serve a new CRD, on a busy machine. */
    private static final Duration CRD_ESTABLISHED = Duration.ofSeconds(30);

    private ClusterObjects() {
    }

    /**
     * Creates the CustomResourceDefinitions in {@code files} and waits until the API server serves them: a custom
     * resource created right after its definition, before it is Established, is refused with 404 Not Found.
     */
    static void installCrds(KubernetesClient client, String... files) throws IOException {
        for (String file : files) {
            try (InputStream crd = new FileInputStream(file)) {
                for (HasMetadata definition : client.load(crd).items()) {
                    client.resource(definition).serverSideApply();
                    String name = definition.getMetadata().getName();
                    await("CRD " + name + " established").atMost(CRD_ESTABLISHED).pollInterval(Duration.ofMillis(100))
                            .until(() -> established(client, name));
                }
            }
        }
    }

    private static boolean established(KubernetesClient client, String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(condition -> "Established".equals(condition.getType())
                        && "True".equals(condition.getStatus()));
    }

    static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .createOr(existing -> existing.update());
    }

    /**
     * The check overrides of the integration tests' policies: network-policy off, since they judge workloads and not
     * their namespaces' NetworkPolicies, which NetworkPolicyIT covers.
     */
    static List<CheckOverride> segmentationOff() {
        CheckOverride off = new CheckOverride();
        off.setId("network-policy");
        off.setDisabled(true);
        return new ArrayList<>(List.of(off));
    }

    /** A HardeningPolicy of the default profile in {@code mode} over one namespace, network-policy off. */
    static HardeningPolicy policy(String name, Mode mode, String namespace) {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        spec.setChecks(segmentationOff());
        Match match = new Match();
        match.setNamespaces(List.of(namespace));
        spec.setMatch(match);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        return policy;
    }

    /** How the API server answered a review of the privileged sample Pod. */
    enum Review {
        /** Shipshape's enforcing webhook denied it. */
        DENIED,
        /** Admitted (possibly with warnings). */
        ADMITTED,
        /** The API server could not reach the enforcing webhook and failed closed. */
        WEBHOOK_UNREACHABLE
    }

    /** A dry-run create of the privileged sample Pod in {@code namespace}. */
    static Review review(KubernetesClient client, String namespace) {
        try {
            client.resource(manifest(client, "bad-pod.yaml", namespace)).dryRun().create();
            return Review.ADMITTED;
        } catch (KubernetesClientException e) {
            if (e.getMessage().contains("Shipshape denied Pod")) {
                return Review.DENIED;
            }
            if (e.getMessage().contains("failed calling webhook")) {
                return Review.WEBHOOK_UNREACHABLE;
            }
            throw e;
        }
    }

    /** The manifest {@code resource} placed in {@code namespace}. */
    static HasMetadata manifest(KubernetesClient client, String resource, String namespace) {
        try (InputStream in = ClusterObjects.class.getResourceAsStream("/it/" + resource)) {
            HasMetadata object = client.getKubernetesSerialization().unmarshal(in);
            object.getMetadata().setNamespace(namespace);
            return object;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
