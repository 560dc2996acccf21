package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.Mode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.shipshape.it.ClusterObjects.Review.ADMITTED;
import static dev.shipshape.it.ClusterObjects.Review.DENIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * HardeningPolicies are checked at apply through the real API server: an invalid one is refused with every problem
 * and its field path, the webhook fails open while the operator is down, and an invalid policy that got in meanwhile
 * enforces nothing, says so in status, keeps no fail-closed webhook installed and can still be deleted.
 */
class PolicyValidationIT {

    private static final String SHOP = "shop";
    /** How long the operator may take, on a busy machine, to start leading and install or remove a webhook. */
    private static final Duration OPERATOR_ACTS = Duration.ofSeconds(90);
    private static final String TYPO = "spec.checks[0].id: unknown check \"run-as-nonroot\" (did you mean "
            + "\"run-as-non-root\"?)";
    private static final String BAD_GLOB = "spec.match.namespaces[1]: \"shop[\" uses '[' at position 4; only '*' "
            + "and '?' are supported as wildcards";

    @Test
    void invalidPoliciesAreRefusedAtApplyAndOnesThatGetInWhileTheOperatorIsDownEnforceNothing() throws Exception {
        KubeAPIServer server = LocalControlPlane.start();
        Path work = Files.createTempDirectory("shipshape-policy-validation");
        int webhookPort = OperatorProcess.freePort();
        OperatorProcess operator = null;
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            ClusterObjects.installCrds(admin, "crds/hardeningpolicies.shipshape.dev-v1.yml");
            ClusterObjects.namespace(admin, OperatorProcess.NAMESPACE);
            ClusterObjects.namespace(admin, SHOP);

            operator = start(kubeconfig, webhookPort, work);
            await("the webhook for policies is installed before any policy exists").atMost(OPERATOR_ACTS)
                    .until(() -> admin.admissionRegistration().v1().validatingWebhookConfigurations()
                            .withName("shipshape-policies").get() != null);
            // it fails open: until the operator serves it, the API server lets policies through unchecked
            await("the webhook for policies answers").atMost(OPERATOR_ACTS).until(() -> refusedOnDryRun(admin));

            KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                    () -> admin.resource(invalid("broken")).create());
            assertThat(refused).as("an invalid policy is refused").isNotNull();
            assertThat(refused.getCode()).isEqualTo(422);
            assertThat(refused.getStatus().getReason()).isEqualTo("Invalid");
            assertThat(refused.getMessage()).contains("admission webhook \"policies.shipshape.dev\" denied the request")
                    .contains("HardeningPolicy \"broken\" is invalid").contains(TYPO).contains(BAD_GLOB);
            assertThat(refused.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
                    .containsExactlyInAnyOrder("spec.checks[0].id", "spec.match.namespaces[1]");
            assertThat(admin.resources(HardeningPolicy.class).withName("broken").get()).isNull();

            admin.resource(ClusterObjects.policy("strict", Mode.Enforce, SHOP)).create();
            KubernetesClientException refusedEdit = catchThrowableOfType(KubernetesClientException.class,
                    () -> admin.resources(HardeningPolicy.class).withName("strict").edit(policy -> {
                        policy.getSpec().setChecks(List.of(typo()));
                        return policy;
                    }));
            assertThat(refusedEdit).as("an edit that breaks a valid policy is refused").isNotNull();
            assertThat(refusedEdit.getMessage()).contains(TYPO);
            assertThat(admin.resources(HardeningPolicy.class).withName("strict").get().getSpec().getChecks())
                    .extracting(CheckOverride::getId).containsExactly("network-policy");
            await("the valid Enforce policy denies").atMost(OPERATOR_ACTS).ignoreExceptions()
                    .until(() -> ClusterObjects.review(admin, SHOP) == DENIED);
            String metrics = operator.metrics();
            for (String operation : List.of("CREATE", "UPDATE")) {
                assertThat(metrics).containsPattern("shipshape_admission_reviews_total\\{[^}]*decision=\"denied\""
                        + "[^}]*kind=\"HardeningPolicy\"[^}]*operation=\"" + operation
                        + "\"[^}]*webhook=\"policies\"[^}]*} [1-9]");
            }

            assertThat(operator.terminate(60)).isTrue();
            operator = null;
            admin.resource(invalid("broken")).create();
            operator = start(kubeconfig, webhookPort, work);

            await("status says the invalid policy enforces nothing").atMost(OPERATOR_ACTS).untilAsserted(() ->
                    assertThat(Objects.requireNonNullElseGet(admin.resources(HardeningPolicy.class)
                            .withName("broken").get().getStatus(), HardeningPolicyStatus::new)
                            .getConditions()).singleElement().satisfies(ready -> {
                                assertThat(ready.getStatus()).isEqualTo(ConditionStatus.False);
                                assertThat(ready.getReason()).isEqualTo("InvalidSpec");
                                assertThat(ready.getMessage()).contains("enforces, warns about and audits nothing")
                                        .contains(TYPO).contains(BAD_GLOB);
                            }));
            admin.resources(HardeningPolicy.class).withName("strict").delete();
            await("with only an invalid Enforce policy left, the fail-closed webhook goes").atMost(OPERATOR_ACTS)
                    .until(() -> admin.admissionRegistration().v1().validatingWebhookConfigurations()
                            .withName("shipshape-enforce").get() == null);
            assertThat(ClusterObjects.review(admin, SHOP)).isEqualTo(ADMITTED);

            admin.resources(HardeningPolicy.class).withName("broken").edit(policy -> {
                policy.getMetadata().setLabels(Map.of("team", "platform"));
                return policy;
            });
            admin.resources(HardeningPolicy.class).withName("broken").delete();
            await("the invalid policy is deleted, its finalizer removed").atMost(OPERATOR_ACTS)
                    .until(() -> admin.resources(HardeningPolicy.class).withName("broken").get() == null);
            assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations()
                    .withName("shipshape-policies").get()).as("policies stay checked with none left").isNotNull();
        } finally {
            if (operator != null) {
                operator.close();
            }
            server.stop();
        }
    }

    private static boolean refusedOnDryRun(KubernetesClient admin) {
        try {
            admin.resource(invalid("dry-run")).dryRun().create();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 422;
        }
    }

    private static HardeningPolicy invalid(String name) {
        HardeningPolicy policy = ClusterObjects.policy(name, Mode.Enforce, SHOP);
        policy.getSpec().getMatch().setNamespaces(List.of(SHOP, "shop["));
        policy.getSpec().setChecks(List.of(typo()));
        return policy;
    }

    private static CheckOverride typo() {
        CheckOverride typo = new CheckOverride();
        typo.setId("run-as-nonroot");
        return typo;
    }

    private static OperatorProcess start(Path kubeconfig, int webhookPort, Path work) throws Exception {
        return OperatorProcess.start(kubeconfig, webhookPort, webhookPort, List.of("-XX:+UseSerialGC", "-Xmx128m"),
                OperatorProcess.SHORT_LEASE, Map.of(), work.resolve("operator.log"));
    }
}
