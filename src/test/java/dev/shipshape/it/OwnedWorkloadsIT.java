package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.PolicyExemption;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * With kube-controller-manager running, what controllers create is reviewed as the workload it is created for: an
 * exempted violating Deployment gets its ReplicaSet and Pods, a hardened one too, each Pod reviewed, a Deployment that
 * Mutate fills in gets hardened Pods, an exempted CronJob gets its Jobs and their Pods, a namespace with workloads and
 * a PolicyReport goes away with them when deleted, a Pod that forges an ownerReference to the exempted workload's
 * ReplicaSet is judged on its own and denied, a Deployment that violated before the policy was enforced still scales
 * and rolls out, and a container a mesh injector adds is denied, named as added, exempted by name and hardened.
 */
class OwnedWorkloadsIT {

    private static final String NAMESPACE = "shop";
    private static final String MUTATED = "fill";
    private static final String DELETED = "gone";
    private static final String MESH = "mesh";
    private static final String MESH_APP = "meshed";
    private static final String GRANDFATHERED = "grandfathered";
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    /**
     * What the controllers promise under load: the Deployment and ReplicaSet controllers create a Deployment's
     * Pods within this, retrying with back-off if a create fails.
     */
    private static final Duration CONTROLLERS_CREATE_PODS = Duration.ofSeconds(90);
    /** The first audit after the operator starts, which waits for the informers to list every workload. */
    private static final Duration FIRST_AUDIT = Duration.ofSeconds(60);
    /** The namespace controller deleting a namespace's contents and then the namespace. */
    private static final Duration NAMESPACE_GOES = Duration.ofSeconds(90);
    /** The next minute for the CronJob controller, which looks every 10 s, and then the Job controller. */
    private static final Duration CRON_JOB_RUNS = Duration.ofSeconds(150);
    private static final Pattern ALLOWED_POD_REVIEWS = Pattern.compile(
            "shipshape_admission_reviews_total\\{[^}]*decision=\"allowed\"[^}]*kind=\"Pod\"[^}]*webhook=\"enforce\""
                    + "[^}]*} (\\d+)");

    @Test
    void controllersCreateThePodsOfExemptedAndHardenedWorkloadsAndAForgedOwnerGainsNothing() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-owned");
        InjectingWebhook injector = InjectingWebhook.start();
        OperatorProcess operator = null;
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
             ControllerManager controllers = ControllerManager.start(server, work)) {
            Path kubeconfig = work.resolve("admin.kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml",
                    "deploy/components/policy-reports/policyreport-crd.yaml");
            ClusterObjects.namespace(admin, OperatorProcess.NAMESPACE);
            ClusterObjects.namespace(admin, NAMESPACE);
            HardeningPolicy enforce = ClusterObjects.policy("enforce", Mode.Enforce, NAMESPACE);
            PolicyExemption legacy = new PolicyExemption();
            legacy.setWorkloads(List.of("legacy-shop", "nightly"));
            legacy.setReason("the legacy shop is being rewritten");
            enforce.getSpec().setExemptions(List.of(legacy));
            admin.resource(enforce).create();
            ClusterObjects.namespace(admin, MUTATED);
            HardeningPolicy autofix = ClusterObjects.policy("autofix", Mode.Enforce, MUTATED);
            RemediationSettings mutate = new RemediationSettings();
            mutate.setAdmission(AdmissionRemediation.Mutate);
            autofix.getSpec().setRemediation(mutate);
            admin.resource(autofix).create();
            ClusterObjects.namespace(admin, DELETED);
            admin.resource(ClusterObjects.policy("observe", Mode.Audit, DELETED)).create();
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(MESH)
                    .addToLabels(InjectingWebhook.LABEL, "enabled").endMetadata().build()).create();
            HardeningPolicy meshPolicy = ClusterObjects.policy("mesh", Mode.Enforce, MESH);
            meshPolicy.getSpec().setRemediation(mutate);
            admin.resource(meshPolicy).create();
            admin.resource(injector.configuration()).create();

            Deployment grandfathered = (Deployment) ClusterObjects.manifest(admin, "bad-deployment.yaml", NAMESPACE);
            grandfathered.getMetadata().setName(GRANDFATHERED);
            grandfathered.getSpec().setReplicas(1);
            grandfathered.getSpec().getSelector().setMatchLabels(Map.of("app", GRANDFATHERED));
            grandfathered.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", GRANDFATHERED));
            admin.resource(grandfathered).create();
            await(GRANDFATHERED + "'s Pod, created before any policy is enforced").atMost(CONTROLLERS_CREATE_PODS)
                    .pollInterval(Duration.ofMillis(500)).until(() -> pods(admin, GRANDFATHERED).size() == 1);

            int port = OperatorProcess.freePort();
            operator = OperatorProcess.start(kubeconfig, port, port, List.of("-Xmx256m"), Map.of(), Map.of(),
                    work.resolve("operator.log"));
            OperatorProcess running = operator;
            await("the API server enforcing through Shipshape").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        assertThat(running.isAlive()).as("the operator runs; see %s", running.log()).isTrue();
                        return ClusterObjects.review(admin, NAMESPACE) == ClusterObjects.Review.DENIED;
                    });

            await("the API server mutating through Shipshape").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        Deployment dryRun = (Deployment) admin.resource(
                                ClusterObjects.manifest(admin, "fillable-deployment.yaml", MUTATED)).dryRun().create();
                        return Boolean.FALSE.equals(dryRun.getSpec().getTemplate().getSpec().getContainers().get(0)
                                .getSecurityContext().getAllowPrivilegeEscalation());
                    });

            admin.resource(ClusterObjects.manifest(admin, "fillable-deployment.yaml", MUTATED)).create();
            admin.resource(ClusterObjects.manifest(admin, "hardened-deployment.yaml", NAMESPACE)).create();
            HasMetadata exempted = ClusterObjects.manifest(admin, "bad-deployment.yaml", NAMESPACE);
            admin.resource(exempted).create();

            for (String app : List.of("shop-api", "legacy-shop")) {
                await(app + "'s Pods, created by its ReplicaSet (see " + controllers.log() + ")")
                        .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500))
                        .until(() -> pods(admin, app).size() == 2);
            }
            // every minute, so that the CronJob controller creates a Job (batch/v1beta1 on Kubernetes 1.20) soon
            CronJob nightly = (CronJob) ClusterObjects.manifest(admin, "bad-cronjob-v1beta1.yaml", NAMESPACE);
            nightly.getSpec().setSchedule("* * * * *");
            admin.resource(nightly).create();

            await("worker's Pod, created from the template the mutating webhook filled in")
                    .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.pods().inNamespace(MUTATED).withLabel("app", "worker").list().getItems()
                            .size() == 1);
            Pod worker = admin.pods().inNamespace(MUTATED).withLabel("app", "worker").list().getItems().get(0);
            assertThat(worker.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(worker.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation())
                    .isFalse();
            assertThat(worker.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();

            await("a Job of the exempted CronJob and its Pod (see " + controllers.log() + ")")
                    .atMost(CRON_JOB_RUNS).pollInterval(Duration.ofSeconds(1))
                    .until(() -> admin.pods().inNamespace(NAMESPACE).list().getItems().stream()
                            .anyMatch(pod -> pod.getMetadata().getName().startsWith("nightly-")));

            long allowedPodReviews = allowedPodReviews(operator.metrics());
            System.out.printf("owned workloads: 5 Pods created by 3 ReplicaSets and at least one by a CronJob's Job; "
                    + "%d Pod CREATEs allowed by the enforcing webhook%n", allowedPodReviews);
            assertThat(allowedPodReviews).as("the enforcing webhook reviewed and allowed every Pod")
                    .isGreaterThanOrEqualTo(6);

            admin.resource(ClusterObjects.manifest(admin, "bad-deployment.yaml", DELETED)).create();
            await("the PolicyReport of the namespace to delete").atMost(FIRST_AUDIT)
                    .until(() -> report(admin, DELETED) != null);
            admin.namespaces().withName(DELETED).delete();
            await("the namespace gone, its workloads, Pods and PolicyReport with it (see " + controllers.log() + ")")
                    .atMost(NAMESPACE_GOES).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.namespaces().withName(DELETED).get() == null);
            assertThat(report(admin, DELETED)).isNull();

            ReplicaSet replicaSet = admin.apps().replicaSets().inNamespace(NAMESPACE).withLabel("app", "legacy-shop")
                    .list().getItems().get(0);
            Pod forged = (Pod) ClusterObjects.manifest(admin, "bad-pod.yaml", NAMESPACE);
            forged.getMetadata().setName("legacy-shop-forged");
            forged.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName(replicaSet.getMetadata().getName()).withUid("0000-forged")
                    .withController(true).build()));
            KubernetesClientException denied = catchThrowableOfType(() -> admin.resource(forged).create(),
                    KubernetesClientException.class);
            assertThat(denied).as("the forged Pod is refused").isNotNull();
            System.out.println("forged owner: " + denied.getStatus().getMessage().lines().findFirst().orElse(""));
            assertThat(denied.getStatus().getMessage()).contains("Shipshape denied Pod shop/legacy-shop-forged: ")
                    .doesNotContain("created by");

            aGrandfatheredDeploymentStillScalesAndRollsOut(admin, controllers);
            anInjectedContainerIsDeniedNamedExemptedAndHardened(admin, controllers);
        } finally {
            if (operator != null) {
                operator.close();
            }
            injector.close();
            server.stop();
        }
    }

    /**
     * A Deployment that violated the Enforce policy before it was enforced: scaling it creates Pods, and a rollout
     * creates a ReplicaSet and its Pod, each judged against the template it was made from, so its pre-existing
     * violations only warn.
     */
    private static void aGrandfatheredDeploymentStillScalesAndRollsOut(KubernetesClient admin,
                                                                        ControllerManager controllers) {
        admin.apps().deployments().inNamespace(NAMESPACE).withName(GRANDFATHERED).scale(3);
        await(GRANDFATHERED + " scaled to 3 under Enforce (see " + controllers.log() + ")")
                .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500))
                .until(() -> pods(admin, GRANDFATHERED).size() == 3);

        admin.apps().deployments().inNamespace(NAMESPACE).withName(GRANDFATHERED).edit(deployment -> {
            deployment.getSpec().getTemplate().getMetadata()
                    .setAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-12-02T00:00:00Z"));
            return deployment;
        });
        await(GRANDFATHERED + "'s rollout: a new ReplicaSet and its first Pod (see " + controllers.log() + ")")
                .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500)).until(() -> {
                    List<ReplicaSet> sets = admin.apps().replicaSets().inNamespace(NAMESPACE)
                            .withLabel("app", GRANDFATHERED).list().getItems();
                    return sets.size() == 2 && sets.stream().allMatch(set -> pods(admin, GRANDFATHERED).stream()
                            .anyMatch(pod -> pod.getMetadata().getOwnerReferences().get(0).getUid()
                                    .equals(set.getMetadata().getUid())));
                });
        System.out.printf("grandfathered: %d Pods of %s created under Enforce after it was scaled from 1 to 3 and "
                + "rolled out%n", pods(admin, GRANDFATHERED).size(), GRANDFATHERED);
    }

    /**
     * A mesh injector adds a root NET_ADMIN init container to every Pod in its namespace, after Shipshape's mutating
     * webhook: Shipshape is called again and fills in what the injector left unset, Enforce denies the Pods and names
     * the container as added at admission, and an exemption of that container lets the Deployment scale.
     */
    private static void anInjectedContainerIsDeniedNamedExemptedAndHardened(KubernetesClient admin,
                                                                              ControllerManager controllers) {
        Deployment app = (Deployment) ClusterObjects.manifest(admin, "hardened-deployment.yaml", MESH);
        app.getMetadata().setName(MESH_APP);
        app.getSpec().setReplicas(1);
        app.getSpec().getSelector().setMatchLabels(Map.of("app", MESH_APP));
        app.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", MESH_APP));
        admin.resource(app).create();
        await("the ReplicaSet's Pod create refused by Shipshape (see " + controllers.log() + ")")
                .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500))
                .until(() -> !failedCreates(admin).isEmpty());
        String refusal = failedCreates(admin).get(0);
        System.out.println("injected container: " + refusal.lines().limit(2).toList());
        assertThat(refusal).contains("Shipshape denied Pod " + MESH + "/").contains("created by Deployment " + MESH
                + "/" + MESH_APP).contains("(container " + InjectingWebhook.CONTAINER + " is not in the pod template "
                + "of ReplicaSet " + MESH + "/" + MESH_APP + "-").contains("it was added at admission")
                .doesNotContain("container \"api\"");
        assertThat(admin.pods().inNamespace(MESH).list().getItems()).isEmpty();

        PolicyExemption mesh = new PolicyExemption();
        mesh.setContainers(List.of(InjectingWebhook.CONTAINER));
        // only what cannot be filled in: an exemption's findings are left alone, by mutation too
        mesh.setChecks(List.of("run-as-non-root", "run-as-user", "capabilities-drop-all", "resource-requests",
                "resource-limits"));
        mesh.setReason("the mesh's proxy-init needs NET_ADMIN to redirect traffic");
        admin.resources(HardeningPolicy.class).withName("mesh").edit(policy -> {
            policy.getSpec().setExemptions(List.of(mesh));
            return policy;
        });
        ReplicaSet set = admin.apps().replicaSets().inNamespace(MESH).withLabel("app", MESH_APP).list().getItems()
                .get(0);
        await("the exemption in force: a dry run of the template's Pod is admitted").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    Pod probe = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("probe")
                            .withNamespace(MESH).build()).withSpec(set.getSpec().getTemplate().getSpec()).build();
                    admin.resource(probe).dryRun().create();
                    return true;
                });
        admin.apps().deployments().inNamespace(MESH).withName(MESH_APP).scale(2);
        await(MESH_APP + "'s Pods, exempted container included (see " + controllers.log() + ")")
                .atMost(CONTROLLERS_CREATE_PODS).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.pods().inNamespace(MESH).list().getItems().size() == 2);

        Container injected = admin.pods().inNamespace(MESH).list().getItems().get(0).getSpec().getInitContainers()
                .get(0);
        assertThat(injected.getName()).isEqualTo(InjectingWebhook.CONTAINER);
        assertThat(injected.getSecurityContext().getRunAsUser()).as("the injector's explicit values are kept")
                .isZero();
        assertThat(injected.getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(injected.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN", "NET_RAW");
        // Mutation fails open: on a loaded machine a call past the webhook timeout leaves a Pod as the injector made
        // it. What Shipshape fills in is therefore read from a server-side dry run, repeated until one went through.
        await("Shipshape called again after the injector, filling in what it left unset")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    Pod probe = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("filled")
                            .withNamespace(MESH).build()).withSpec(set.getSpec().getTemplate().getSpec()).build();
                    Container filled = ((Pod) admin.resource(probe).dryRun().create()).getSpec().getInitContainers()
                            .get(0);
                    return filled.getName().equals(InjectingWebhook.CONTAINER)
                            && Boolean.FALSE.equals(filled.getSecurityContext().getAllowPrivilegeEscalation())
                            && Boolean.TRUE.equals(filled.getSecurityContext().getReadOnlyRootFilesystem())
                            && filled.getSecurityContext().getRunAsUser() == 0
                            && filled.getSecurityContext().getCapabilities().getAdd().equals(List.of("NET_ADMIN",
                            "NET_RAW"));
                });
    }

    private static List<String> failedCreates(KubernetesClient client) {
        return client.v1().events().inNamespace(MESH).list().getItems().stream()
                .filter(event -> "FailedCreate".equals(event.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    private static GenericKubernetesResource report(KubernetesClient client, String namespace) {
        return client.genericKubernetesResources(POLICY_REPORT).inNamespace(namespace).withName("shipshape-observe")
                .get();
    }

    private static List<Pod> pods(KubernetesClient client, String app) {
        return client.pods().inNamespace(NAMESPACE).withLabel("app", app).list().getItems();
    }

    private static long allowedPodReviews(String scrape) {
        long total = 0;
        Matcher matcher = ALLOWED_POD_REVIEWS.matcher(scrape);
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }
}
