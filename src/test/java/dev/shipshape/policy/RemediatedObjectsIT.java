package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.it.LocalControlPlane;
import dev.shipshape.policy.checks.CheckFixtures;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remediated objects sent through a real Kubernetes 1.20.2 API server (server-side dry run): every fixture and
 * sample the server accepts as written, it accepts after each profile's remediation; and the server refuses the
 * combinations the remediations now avoid, as {@link KubernetesPodRules} models them. (1.20 does not know
 * {@code spec.os}, so the Windows rules are proven by the model only.)
 */
class RemediatedObjectsIT {

    private static final String NAMESPACE = "remediated";
    private static final List<CompiledPolicy> PROFILES = List.of(CompiledPolicy.forProfile(Profile.BASELINE),
            CompiledPolicy.forProfile(Profile.RESTRICTED), CompiledPolicy.forProfile(Profile.HARDENED));

    private static KubeAPIServer apiServer;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServer() {
        apiServer = LocalControlPlane.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml())).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        apiServer.stop();
    }

    /** The API server's answer to creating {@code manifest} in a dry run: empty when it accepts it. */
    private static Optional<String> refusal(ObjectNode manifest) {
        ObjectNode object = manifest.deepCopy();
        object.withObject("/metadata").put("namespace", NAMESPACE);
        GenericKubernetesResource resource = client.getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
        try {
            client.resource(resource).dryRun().create();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of(e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
        }
    }

    private static ObjectNode remediated(CompiledPolicy policy, ObjectNode manifest) throws InvalidWorkloadException {
        ObjectNode copy = manifest.deepCopy();
        Workload workload = Workloads.fromTree(copy).orElseThrow();
        EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, Map.of(), Instant.now());
        JsonPatches.apply(copy, Remediator.remediate(policy, workload, result));
        return copy;
    }

    @Test
    void whatTheServerAcceptsItStillAcceptsOnceRemediated() throws Exception {
        List<ObjectNode> workloads = new ArrayList<>();
        for (Path file : yamlFiles(Path.of("src/test/resources/checks"), Path.of("deploy/samples/workloads"),
                Path.of("src/test/resources/it"))) {
            for (ObjectNode manifest : CheckFixtures.documents(Files.readString(file))) {
                if (Workloads.fromTree(manifest).isPresent()) {
                    workloads.add(manifest);
                }
            }
        }
        int accepted = 0;
        int remediatedAndSent = 0;
        for (ObjectNode manifest : workloads) {
            if (refusal(manifest).isPresent()) {
                continue;
            }
            accepted++;
            for (CompiledPolicy policy : PROFILES) {
                ObjectNode remediated = remediated(policy, manifest);
                if (remediated.equals(manifest)) {
                    continue;
                }
                remediatedAndSent++;
                assertThat(refusal(remediated)).as("%s remediated by %s", name(manifest), policy.name()).isEmpty();
            }
        }
        assertThat(accepted).as("fixtures the server accepts").isGreaterThan(50);
        assertThat(remediatedAndSent).as("remediated objects sent").isGreaterThan(50);
    }

    @Test
    void theServerRefusesWhatTheRemediationsNowAvoid() throws Exception {
        assertThat(refusal(pod("{privileged: true, allowPrivilegeEscalation: false}")))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
        assertThat(refusal(pod("{allowPrivilegeEscalation: false, capabilities: {add: [CAP_SYS_ADMIN]}}")))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
        assertThat(refusal(pod("{allowPrivilegeEscalation: false, capabilities: {add: [SYS_ADMIN]}}")))
                .as("the API only knows the CAP_ spelling; Shipshape leaves both alone").isEmpty();
        ObjectNode annotated = pod("{seccompProfile: {type: RuntimeDefault}}");
        annotated.withObject("/metadata").putObject("annotations")
                .put("container.seccomp.security.alpha.kubernetes.io/app", "unconfined");
        assertThat(refusal(annotated)).hasValueSatisfying(message -> assertThat(message)
                .contains("seccomp type in annotation and field must match"));
        ObjectNode tmpTwice = pod("{}");
        tmpTwice.set("spec", CheckFixtures.tree("""
                volumes: [{name: tmp, emptyDir: {}}]
                containers: [{name: app, image: 'app:1.0', volumeMounts: [{name: tmp, mountPath: /tmp},
                  {name: tmp, mountPath: /tmp}]}]
                """));
        assertThat(refusal(tmpTwice)).hasValueSatisfying(message -> assertThat(message).contains("mountPath"));
        for (ObjectNode pod : List.of(pod("{privileged: true, allowPrivilegeEscalation: false}"), annotated, tmpTwice)) {
            Workload workload = Workloads.fromTree(pod).orElseThrow();
            assertThat(KubernetesPodRules.problems(workload)).as("the model agrees: %s", pod).isNotEmpty();
        }
    }

    private static ObjectNode pod(String securityContext) {
        return CheckFixtures.tree("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
                + "spec: {containers: [{name: app, image: 'app:1.0', securityContext: " + securityContext + "}]}");
    }

    private static String name(JsonNode manifest) {
        return manifest.path("kind").asText() + " " + manifest.path("metadata").path("name").asText();
    }

    private static List<Path> yamlFiles(Path... directories) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
