package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.DelegatedExemptions;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;
import dev.shipshape.api.v1alpha1.HardeningExemptionStatus;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * App teams' HardeningExemptions through a real Kubernetes 1.20.2 API server: one the policy delegates is accepted at
 * apply and admits the workload it covers; ones it does not delegate are refused with the policy's reason; status
 * says which policy honours it and how many workloads it exempts; deleting it makes the findings deny again.
 */
@QuarkusTest
@QuarkusTestResource(value = OperatorOnLocalControlPlane.class, restrictToAnnotatedClass = true)
class ExemptionsIT {

    private static final String TEAM = "team-shop";
    private static final String OTHER = "other-shop";
    private static final String POLICY = "delegating";
    private static final String EDITORS = "team-editors";
    private static final String EDITORS_POLICY = "for-editors";
    /**
     * Admission follows a change of an exemption, and its status the audit, within this time on a busy machine (the
     * status is brought up to date every 5 s; docs/reliability.md, "Freshness under load").
     */
    private static final Duration FOLLOWS = Duration.ofSeconds(30);

    private static KubernetesClient admin;

    @BeforeAll
    static void connect() {
        admin = OperatorOnLocalControlPlane.client();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void delegatedExemptionsAreAcceptedHonouredAndCountedAndOthersRefused() {
        ClusterObjects.namespace(admin, TEAM);
        ClusterObjects.namespace(admin, OTHER);
        HardeningPolicy policy = ClusterObjects.policy(POLICY, Mode.Enforce, TEAM);
        policy.getSpec().getMatch().setNamespaces(List.of(TEAM, OTHER));
        DelegatedExemptions delegated = new DelegatedExemptions();
        delegated.setNamespaces(List.of("team-*"));
        delegated.setAllChecksBut(List.of("privileged", "host-namespaces"));
        delegated.setMaxDays(30);
        policy.getSpec().setDelegatedExemptions(delegated);
        admin.resource(policy).create();

        await("the policy denies the Deployment without probes").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> deniedMessage("orders-api").contains("liveness-probe"));

        KubernetesClientException privileged = catchThrowableOfType(KubernetesClientException.class,
                () -> admin.resource(exemption(TEAM, "debug-privileged", List.of("privileged"), 7)).create());
        assertThat(privileged).as("a check the policy keeps is refused at apply").isNotNull();
        assertThat(privileged.getCode()).isEqualTo(422);
        assertThat(privileged.getMessage()).contains("HardeningPolicy delegating refuses it: check privileged is in "
                + "its delegatedExemptions.allChecksBut");
        KubernetesClientException elsewhere = catchThrowableOfType(KubernetesClientException.class,
                () -> admin.resource(exemption(OTHER, "probes", List.of("liveness-probe"), 7)).create());
        assertThat(elsewhere).as("a namespace the policy does not delegate to is refused").isNotNull();
        assertThat(elsewhere.getMessage()).contains("namespace other-shop is not in its delegatedExemptions.namespaces");
        KubernetesClientException tooLong = catchThrowableOfType(KubernetesClientException.class,
                () -> admin.resource(exemption(TEAM, "probes", List.of("liveness-probe"), 90)).create());
        assertThat(tooLong).as("longer than maxDays is refused").isNotNull();
        assertThat(tooLong.getMessage()).contains("more than 30 days after");

        admin.resource(exemption(TEAM, "probes", List.of("liveness-probe", "readiness-probe"), 7)).create();
        await("the exemption admits the Deployment").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> deniedMessage("orders-api").isEmpty());
        admin.resource(withoutProbes("orders-api")).create();

        await("status: honoured by the policy, exempting one workload").atMost(FOLLOWS).untilAsserted(() -> {
            HardeningExemptionStatus status = status("probes");
            assertThat(status.getConditions()).singleElement().satisfies(accepted -> {
                assertThat(accepted.getType()).isEqualTo("Accepted");
                assertThat(accepted.getStatus()).isEqualTo(ConditionStatus.True);
            });
            assertThat(status.getAcceptedBy()).containsExactly(POLICY);
            assertThat(status.getExemptedWorkloads()).isEqualTo(1);
            assertThat(status.getUntil()).isNotNull();
        });
        await("the policy counts the Deployment as exempt").atMost(FOLLOWS).untilAsserted(() ->
                assertThat(admin.resources(HardeningPolicy.class).withName(POLICY).get().getStatus().getSummary()
                        .getExempt()).isEqualTo(1));

        admin.resources(HardeningExemption.class).inNamespace(TEAM).withName("probes").delete();
        await("without the exemption the findings deny again").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> deniedMessage("orders-api-2").contains("liveness-probe"));
        await("the audit counts the Deployment as violating").atMost(FOLLOWS).untilAsserted(() ->
                assertThat(admin.resources(HardeningPolicy.class).withName(POLICY).get().getStatus().getSummary()
                        .getViolating()).isEqualTo(1));
    }

    @Test
    void aNamespaceEditorMayRequestExemptionsButNotTouchPolicies() throws Exception {
        ClusterObjects.namespace(admin, EDITORS);
        HardeningPolicy policy = ClusterObjects.policy(EDITORS_POLICY, Mode.Audit, EDITORS);
        DelegatedExemptions delegated = new DelegatedExemptions();
        delegated.setNamespaces(List.of(EDITORS));
        policy.getSpec().setDelegatedExemptions(delegated);
        admin.resource(policy).create();
        try (InputStream role = new FileInputStream("deploy/install/exemption-editor.yaml")) {
            admin.load(role).serverSideApply();
        }
        admin.rbac().roleBindings().inNamespace(EDITORS).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("alice-requests-exemptions").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "shipshape-exemption-editor")
                .addNewSubject().withKind("User").withName("alice").withApiGroup("rbac.authorization.k8s.io")
                .endSubject().build()).create();
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("alice-reads-policies").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "shipshape-policy-reader")
                .addNewSubject().withKind("User").withName("alice").withApiGroup("rbac.authorization.k8s.io")
                .endSubject().build()).create();
        HardeningExemption cache = exemption(EDITORS, "cache", List.of("read-only-root-filesystem"), 7);
        cache.getSpec().setPolicies(List.of(EDITORS_POLICY));
        await("the webhook knows the new policy").atMost(FOLLOWS).ignoreExceptions()
                .until(() -> admin.resource(cache).dryRun().create() != null);

        Config config = Config.fromKubeconfig(Files.readString(OperatorOnLocalControlPlane.kubeconfig()));
        config.setImpersonateUsername("alice");
        try (KubernetesClient alice = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(alice.resource(cache).create()).isNotNull();
            assertThat(alice.resources(HardeningPolicy.class).withName(EDITORS_POLICY).get())
                    .as("the policies it asks can be read").isNotNull();

            HardeningPolicy own = ClusterObjects.policy("alice-own", Mode.Audit, EDITORS);
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> alice.resource(own).create())
                    .getCode()).as("no policy of one's own").isEqualTo(403);
            assertThat(catchThrowableOfType(KubernetesClientException.class,
                    () -> alice.resources(HardeningPolicy.class).withName(EDITORS_POLICY).edit(edited -> {
                        edited.getSpec().getDelegatedExemptions().setMaxDays(365);
                        return edited;
                    })).getCode()).as("no change to what a policy delegates").isEqualTo(403);
            HardeningExemption elsewhere = exemption(TEAM, "elsewhere", List.of("liveness-probe"), 7);
            assertThat(catchThrowableOfType(KubernetesClientException.class, () -> alice.resource(elsewhere).create())
                    .getCode()).as("no exemption outside the bound namespace").isEqualTo(403);
        }
    }

    /** The denial of a dry-run create of a Deployment without probes named {@code name}; empty when admitted. */
    private static String deniedMessage(String name) {
        try {
            admin.resource(withoutProbes(name)).dryRun().create();
            return "";
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return e.getMessage();
            }
            throw e;
        }
    }

    private static Deployment withoutProbes(String name) {
        Deployment deployment = (Deployment) ClusterObjects.manifest(admin, "hardened-deployment.yaml", TEAM);
        deployment.getMetadata().setName(name);
        deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
            container.setLivenessProbe(null);
            container.setReadinessProbe(null);
        });
        return deployment;
    }

    private static HardeningExemption exemption(String namespace, String name, List<String> checks, int days) {
        HardeningExemptionSpec spec = new HardeningExemptionSpec();
        spec.setPolicies(List.of(POLICY));
        spec.setChecks(checks);
        spec.setWorkloads(List.of("orders-api*"));
        spec.setReason("health endpoints land with the next release");
        spec.setTicket("SHOP-42");
        spec.setExpires(Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        HardeningExemption exemption = new HardeningExemption();
        exemption.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        exemption.setSpec(spec);
        return exemption;
    }

    private static HardeningExemptionStatus status(String name) {
        HardeningExemption exemption = admin.resources(HardeningExemption.class).inNamespace(TEAM).withName(name)
                .get();
        return Objects.requireNonNullElseGet(exemption.getStatus(), HardeningExemptionStatus::new);
    }
}
