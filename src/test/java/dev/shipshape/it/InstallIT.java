package dev.shipshape.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.deploy.DeployTools;
import dev.shipshape.samples.SamplesTest;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Installs Shipshape on a real API server the way users do — {@code kubectl apply} of the kustomize install, or
 * {@code helm install --wait} of the chart before any policy exists (with kube-controller-manager running the
 * Deployment and a stand-in kubelet reporting the operator's readiness) — then runs the packaged operator outside
 * the cluster as the installed
 * ServiceAccount (impersonated, so every API call is authorized by the installed RBAC and nothing else) and
 * checks that it manages its webhooks, admits and denies the samples as deploy/samples/README.md says, and
 * audits them into status and PolicyReports.
 *
 * <p>Two accommodations of the Kubernetes 1.20 test server, which the install itself does not need: the
 * kustomize install's PodDisruptionBudget is applied as policy/v1beta1 (the chart picks the version the server
 * serves), the batch/v1 CronJob sample is sent as batch/v1beta1, and the bad Pod's
 * {@code securityContext.appArmorProfile} (a field of Kubernetes 1.30) is dropped by the 1.20 server, so its
 * apparmor-profile violation cannot reach the webhook there.
 */
class InstallIT {

    private static final String NAMESPACE = "shipshape-system";
    private static final String SAMPLES = "samples";
    private static final Path WORKLOADS = Path.of("deploy", "samples", "workloads");
    private static final Path POLICIES = Path.of("deploy", "samples", "policies");
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport")
            .withPlural("policyreports").withNamespaced(true).build();
    private static final Duration OPERATOR_READY = Duration.ofSeconds(90);
    /** helm's own bound on --wait: the operator's start (OPERATOR_READY) and the Deployment's rollout. */
    private static final Duration HELM_WAIT = Duration.ofMinutes(4);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Set<String>> UNKNOWN_TO_THE_TEST_SERVER = Map.of(
            "bad-pod.yaml", Set.of("apparmor-profile"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kustomize", "helm"})
    void theInstallAppliesAndTheOperatorWorksWithTheRightsItGrants(String installer) throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        OperatorProcess operator = null;
        Path work = Files.createTempDirectory("shipshape-install");
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("admin.kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            if (installer.equals("kustomize")) {
                installWithKustomize(kubeconfig, work);
                await().atMost(Duration.ofSeconds(30)).until(() -> crdsEstablished(admin));
                operator = startOperatorAsItsServiceAccount(kubeconfig, jvmOptions(admin), work);
            } else {
                operator = installWithHelmAndWait(server, admin, kubeconfig, work);
            }

            assertThat(admin.apiextensions().v1().customResourceDefinitions()
                    .withName("hardeningpolicies.shipshape.dev").get()).isNotNull();
            await().atMost(Duration.ofSeconds(30)).until(() -> crdsEstablished(admin));
            assertThat(admin.serviceAccounts().inNamespace(NAMESPACE).withName("shipshape").get()).isNotNull();
            assertThat(admin.rbac().clusterRoles().withName("shipshape").get()).isNotNull();
            assertThat(admin.rbac().roles().inNamespace(NAMESPACE).withName("shipshape").get()).isNotNull();
            assertThat(admin.services().inNamespace(NAMESPACE).withName("shipshape-webhook").get()).isNotNull();
            assertThat(admin.services().inNamespace(NAMESPACE).withName("shipshape-metrics").get()).isNotNull();
            Deployment deployment = admin.apps().deployments().inNamespace(NAMESPACE).withName("shipshape").get();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
            assertThat(admin.policy().v1beta1().podDisruptionBudget().inNamespace(NAMESPACE).withName("shipshape")
                    .get()).isNotNull();

            ClusterObjects.namespace(admin, SAMPLES);
            admin.resource(YAML.readValue(Path.of("deploy", "samples", "network", "default-deny.yaml").toFile(),
                    NetworkPolicy.class)).inNamespace(SAMPLES).create();
            apply(admin, POLICIES.resolve("hardened-enforce.yaml"));
            OperatorProcess running = operator;
            await("the enforcing webhook configuration").atMost(OPERATOR_READY).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(running.isAlive()).as("the operator runs; see %s", running.log()).isTrue();
                        return admin.admissionRegistration().v1().validatingWebhookConfigurations()
                                .withName("shipshape-enforce").get() != null;
                    });
            assertThat(admin.secrets().inNamespace(NAMESPACE).withName("shipshape-webhook-tls").get()).isNotNull();
            assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations()
                    .withName("shipshape-policies").get()).as("policies are checked at apply").isNotNull();

            samplesAreAdmittedAndDeniedAsDocumented(admin);
            samplesAreAudited(admin);
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    private static void installWithKustomize(Path kubeconfig, Path work) throws IOException {
        List<String> documents = new ArrayList<>();
        for (HasMetadata object : DeployTools.objects(DeployTools.renderKustomization(DeployTools.INSTALL))) {
            ObjectNode node = new ObjectMapper().valueToTree(object);
            if (object.getKind().equals("PodDisruptionBudget")) {
                node.put("apiVersion", "policy/v1beta1");
            }
            documents.add(YAML.writeValueAsString(node));
        }
        Path manifests = work.resolve("install.yaml");
        Files.writeString(manifests, String.join("", documents));
        kubectl(kubeconfig, "apply", "-f", manifests.toString());
        kubectl(kubeconfig, "apply", "-f", Path.of("deploy", "components", "policy-reports", "policyreport-crd.yaml")
                .toString());
    }

    /**
     * {@code helm install --wait} before any policy exists, as a user installs: kube-controller-manager turns the
     * Deployment into Pods, the operator runs outside the cluster as soon as the chart's objects exist, and a
     * stand-in kubelet reports the Pods Ready while the operator's readiness probe answers UP. The install returns
     * only once the Deployment has its ready replicas.
     */
    private static OperatorProcess installWithHelmAndWait(KubeAPIServer server, KubernetesClient admin, Path kubeconfig,
                                                          Path work) throws Exception {
        try (ControllerManager controllers = ControllerManager.start(server, work)) {
            CompletableFuture<DeployTools.Output> install = CompletableFuture.supplyAsync(() -> DeployTools.helm(
                    "install", "shipshape", DeployTools.CHART.toString(), "--namespace", NAMESPACE,
                    "--create-namespace", "--set", "policyReports.installCRD=true", "--kubeconfig",
                    kubeconfig.toString(), "--wait", "--timeout", HELM_WAIT.toSeconds() + "s"));
            await("the chart's Deployment").atMost(OPERATOR_READY).until(() -> install.isDone()
                    || admin.apps().deployments().inNamespace(NAMESPACE).withName("shipshape").get() != null
                    && crdsEstablished(admin));
            assertThat(install.isDone()).as("helm install ended before the operator ran: %s", install.getNow(null))
                    .isFalse();
            OperatorProcess operator = startOperatorAsItsServiceAccount(kubeconfig, jvmOptions(admin), work);
            try (KubeletStandIn kubelet = KubeletStandIn.start(admin, NAMESPACE, operator::ready)) {
                DeployTools.Output helm = install.get(HELM_WAIT.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);
                helm.orFail("helm install --wait (controller manager log: " + controllers.log() + ", operator log: "
                        + operator.log() + ")");
            }
            assertThat(admin.resources(HardeningPolicy.class).list().getItems()).as("no policy yet").isEmpty();
            assertThat(operator.ready()).as("ready without any policy").isTrue();
            assertThat(admin.apps().deployments().inNamespace(NAMESPACE).withName("shipshape").get().getStatus()
                    .getReadyReplicas()).isEqualTo(2);
            assertThat(controllers.isAlive()).as("see %s", controllers.log()).isTrue();
            return operator;
        }
    }

    private static String jvmOptions(KubernetesClient admin) {
        Deployment deployment = admin.apps().deployments().inNamespace(NAMESPACE).withName("shipshape").get();
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow()
                .getValue();
    }

    private static boolean crdsEstablished(KubernetesClient admin) {
        return established(admin, "hardeningpolicies.shipshape.dev")
                && established(admin, "policyreports.wgpolicyk8s.io");
    }

    private static void kubectl(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of(LocalControlPlane.kubectl().toString(),
                "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as("%s:%n%s", command, output).isZero();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean established(KubernetesClient admin, String crd) {
        CustomResourceDefinition definition = admin.apiextensions().v1().customResourceDefinitions().withName(crd).get();
        return definition != null && definition.getStatus() != null && definition.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Established")
                        && condition.getStatus().equals("True"));
    }

    private static OperatorProcess startOperatorAsItsServiceAccount(Path kubeconfig, String jvmOptions, Path work)
            throws IOException {
        int webhookPort = OperatorProcess.freePort();
        List<String> options = new ArrayList<>();
        for (String option : jvmOptions.trim().split("\\s+")) {
            options.add(option.replace("/tmp", work.toString()));
        }
        return OperatorProcess.start(kubeconfig, webhookPort, webhookPort, options,
                Map.of("kubernetes.impersonate.username", "system:serviceaccount:" + NAMESPACE + ":shipshape"),
                Map.of(), work.resolve("operator.log"));
    }

    private static void samplesAreAdmittedAndDeniedAsDocumented(KubernetesClient admin) throws IOException {
        for (SamplesTest.Decision decision : SamplesTest.readmeDecisions()) {
            if (!decision.policy().equals("hardened-enforce")) {
                continue;
            }
            GenericKubernetesResource workload = workload(decision.workload());
            if (decision.denyingChecks().isEmpty()) {
                admin.resource(workload).create();
                continue;
            }
            try {
                admin.resource(workload).dryRun().create();
                throw new AssertionError(decision + ", but the API server admitted it");
            } catch (KubernetesClientException e) {
                assertThat(e.getMessage()).as(decision.toString())
                        .contains("enforce.shipshape.dev", "hardened-enforce");
                for (String check : decision.denyingChecks()) {
                    if (UNKNOWN_TO_THE_TEST_SERVER.getOrDefault(decision.workload(), Set.of()).contains(check)) {
                        continue;
                    }
                    assertThat(e.getMessage()).as("%s: the denial names %s", decision, check).contains(check);
                }
            }
        }
    }

    private static void samplesAreAudited(KubernetesClient admin) throws IOException {
        Set<String> admitted = SamplesTest.readmeDecisions().stream()
                .filter(decision -> decision.policy().equals("hardened-enforce") && decision.denyingChecks().isEmpty())
                .map(SamplesTest.Decision::workload).collect(Collectors.toSet());
        assertThat(admitted).hasSize(6);
        apply(admin, POLICIES.resolve("hardened-audit.yaml"));
        int withShipshapeItself = admitted.size() + 1;
        await("the hardened-audit status counts the admitted samples and Shipshape's own Deployment")
                .atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HardeningPolicy policy = admin.resources(HardeningPolicy.class).withName("hardened-audit").get();
                    assertThat(policy.getStatus()).isNotNull();
                    assertThat(policy.getStatus().getSummary()).isNotNull();
                    assertThat(policy.getStatus().getSummary().getWorkloads()).isEqualTo(withShipshapeItself);
                    assertThat(policy.getStatus().getSummary().getCompliant()).isEqualTo(withShipshapeItself);
                });
        await("a PolicyReport of hardened-audit in " + NAMESPACE).atMost(Duration.ofSeconds(30))
                .until(() -> admin.genericKubernetesResources(POLICY_REPORT).inNamespace(NAMESPACE)
                        .withName("shipshape-hardened-audit").get() != null);
        Map<String, Object> own = admin.genericKubernetesResources(POLICY_REPORT).inNamespace(NAMESPACE)
                .withName("shipshape-hardened-audit").get().get("summary");
        assertThat(own).as("Shipshape's own Deployment passes the hardened profile")
                .containsEntry("fail", 0).containsEntry("warn", 0);
        await("a PolicyReport of hardened-audit in " + SAMPLES).atMost(Duration.ofSeconds(30))
                .until(() -> admin.genericKubernetesResources(POLICY_REPORT).inNamespace(SAMPLES)
                        .withName("shipshape-hardened-audit").get() != null);
        Map<String, Object> summary = admin.genericKubernetesResources(POLICY_REPORT).inNamespace(SAMPLES)
                .withName("shipshape-hardened-audit").get().get("summary");
        assertThat(((Number) summary.get("fail")).intValue()).isZero();
        assertThat(((Number) summary.get("pass")).intValue()).isPositive();
        assertThat(admin.rbac().clusterRoles().withName("shipshape").get().getRules())
                .flatExtracting(PolicyRule::getResources).as("no cluster-wide Secret access").doesNotContain("secrets");
    }

    private static GenericKubernetesResource workload(String file) throws IOException {
        GenericKubernetesResource workload = YAML.readValue(WORKLOADS.resolve(file).toFile(),
                GenericKubernetesResource.class);
        workload.getMetadata().setNamespace(SAMPLES);
        if (workload.getKind().equals("CronJob")) {
            workload.setApiVersion("batch/v1beta1");
        }
        return workload;
    }

    private static void apply(KubernetesClient admin, Path policy) throws IOException {
        admin.resource(YAML.readValue(policy.toFile(), HardeningPolicy.class)).create();
    }
}
