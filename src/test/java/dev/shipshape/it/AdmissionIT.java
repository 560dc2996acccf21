package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import dev.shipshape.webhook.AdmissionServer;
import dev.shipshape.webhook.PolicyCache;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.CertificateSecrets;
import dev.shipshape.webhook.tls.CertificateWatcher;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Admission through a real Kubernetes 1.20.2 API server: the operator runs in this JVM, owns its webhook
 * configurations and certificate, and the API server calls it over HTTPS on loopback.
 */
@QuarkusTest
@QuarkusTestResource(value = OperatorOnLocalControlPlane.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionIT {

    @TestHTTPResource("/q/metrics")
    URL metrics;

    private static final Duration POLICY_TAKES_EFFECT = Duration.ofSeconds(30);
    /** How soon the leader repairs its Secret or webhook configurations after someone else changed them. */
    private static final Duration REPAIRED = Duration.ofSeconds(10);
    private static KubernetesClient admin;

    @Inject
    AdmissionServer server;
    @Inject
    CertificateWatcher certificates;
    @Inject
    PolicyCache policyCache;

    @BeforeAll
    static void connect() {
        admin = OperatorOnLocalControlPlane.client();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static void namespace(String name) {
        ClusterObjects.namespace(admin, name);
    }

    private static HasMetadata manifest(String resource, String namespace) {
        return ClusterObjects.manifest(admin, resource, namespace);
    }


    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.toURI()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HardeningPolicy policy(String name, Mode mode, AdmissionRemediation admission, String namespace) {
        return policy(name, mode, admission, namespace, Enforcement.Auto);
    }

    private static HardeningPolicy policy(String name, Mode mode, AdmissionRemediation admission, String namespace,
                                          Enforcement enforcement) {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        spec.setEnforcement(enforcement);
        spec.setChecks(ClusterObjects.segmentationOff());
        Match match = new Match();
        match.setNamespaces(List.of(namespace));
        spec.setMatch(match);
        RemediationSettings remediation = new RemediationSettings();
        remediation.setAdmission(admission);
        spec.setRemediation(remediation);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        return admin.resource(policy).create();
    }

    private static void delete(HardeningPolicy policy) {
        admin.resource(policy).withTimeout(30, TimeUnit.SECONDS).delete();
    }

    private static ValidatingWebhookConfiguration validating(String name) {
        return admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).get();
    }


    private static HasMetadata create(HasMetadata object) {
        return admin.resource(object).create();
    }

    @Test
    @Order(1)
    void auditOnlyPoliciesNeverCreateAFailingWebhook() {
        namespace("audit");
        HardeningPolicy audit = policy("audit-only", Mode.Audit, AdmissionRemediation.None, "audit");

        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-advisory") != null);
        assertThat(validating("shipshape-advisory").getWebhooks().get(0).getFailurePolicy()).isEqualTo("Ignore");
        assertThat(validating("shipshape-enforce")).isNull();
        assertThat(create(manifest("bad-deployment.yaml", "audit"))).isNotNull();

        delete(audit);
        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-advisory") == null);
    }

    @Test
    @Order(2)
    void enforceRejectsViolatingWorkloadsWithTheMessageAndAdmitsHardenedOnes() throws Exception {
        namespace("enforce");
        // Kubernetes 1.20 serves no ValidatingAdmissionPolicy: even asked for them, the webhook decides everything
        HardeningPolicy enforce = policy("production", Mode.Enforce, AdmissionRemediation.None, "enforce",
                Enforcement.AdmissionPolicy);
        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-enforce") != null);
        assertThat(validating("shipshape-enforce").getWebhooks().get(0).getFailurePolicy()).isEqualTo("Fail");

        await().atMost(POLICY_TAKES_EFFECT).untilAsserted(() ->
                assertThatThrownBy(() -> create(manifest("bad-deployment.yaml", "enforce")))
                        .isInstanceOf(KubernetesClientException.class)
                        .hasMessageContaining("admission webhook \"enforce.shipshape.dev\" denied the request")
                        .hasMessageContaining("Shipshape denied Deployment enforce/legacy-shop")
                        .hasMessageContaining("- policy production, check run-as-user (high): container \"web\" "
                                + "must not set securityContext.runAsUser=0. Fix: "));
        assertThat(create(manifest("hardened-deployment.yaml", "enforce"))).isNotNull();
        assertThatThrownBy(() -> create(manifest("bad-pod.yaml", "enforce")))
                .hasMessageContaining("Shipshape denied Pod enforce/debug");
        assertThatThrownBy(() -> create(manifest("bad-cronjob-v1beta1.yaml", "enforce")))
                .hasMessageContaining("Shipshape denied CronJob enforce/nightly");
        assertThat(scrape()).as("which policy and check block").containsPattern(
                "shipshape_admission_findings_total\\{[^}]*action=\"denied\"[^}]*check=\"run-as-user\"[^}]*"
                        + "policy=\"production\"[^}]*webhook=\"enforce\"[^}]*} [1-9]");

        Deployment hardened = admin.apps().deployments().inNamespace("enforce").withName("shop-api").get();
        hardened.getSpec().setReplicas(3);
        assertThat(admin.resource(hardened).update().getSpec().getReplicas()).isEqualTo(3);

        certificateRenewalKeepsAdmissionWorking();
        aDeletedCertificateSecretAndAnEditedCaBundleAreRepaired();
        delete(enforce);
        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-enforce") == null);
    }

    private void certificateRenewalKeepsAdmissionWorking() {
        Secret secret = admin.secrets().inNamespace("shipshape-system").withName("shipshape-webhook-tls").get();
        CertificateSecrets secrets = new CertificateSecrets("shipshape-system", "shipshape-webhook-tls");
        CertificateAuthority authority = secrets.readAuthority(secret);
        // valid for longer than shipshape.tls.renew-before (30 days), or the leader would renew it at once
        WebhookCertificate renewed = authority.issue(
                SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-system", List.of()),
                Duration.ofDays(100), Instant.now());
        admin.resource(secrets.selfManaged(authority, renewed, java.util.Optional.of(secret))).update();

        await().atMost(POLICY_TAKES_EFFECT).until(() -> certificates.current()
                .map(current -> current.notAfter().equals(renewed.notAfter())).orElse(false));
        assertThatThrownBy(() -> create(manifest("bad-pod.yaml", "enforce")))
                .hasMessageContaining("Shipshape denied Pod enforce/debug");
    }

    private void aDeletedCertificateSecretAndAnEditedCaBundleAreRepaired() {
        String before = admin.secrets().inNamespace("shipshape-system").withName("shipshape-webhook-tls").get()
                .getMetadata().getUid();
        admin.secrets().inNamespace("shipshape-system").withName("shipshape-webhook-tls")
                .withTimeout(10, TimeUnit.SECONDS).delete();
        await("a new certificate Secret").atMost(REPAIRED).until(() -> {
            Secret secret = admin.secrets().inNamespace("shipshape-system").withName("shipshape-webhook-tls").get();
            return secret != null && !secret.getMetadata().getUid().equals(before);
        });
        await("admission with the new certificate").atMost(REPAIRED).ignoreExceptions().untilAsserted(() ->
                assertThatThrownBy(() -> create(manifest("bad-pod.yaml", "enforce")))
                        .hasMessageContaining("Shipshape denied Pod enforce/debug"));

        ValidatingWebhookConfiguration edited = validating("shipshape-enforce");
        String caBundle = edited.getWebhooks().get(0).getClientConfig().getCaBundle();
        edited.getWebhooks().get(0).getClientConfig().setCaBundle(
                Base64.getEncoder().encodeToString("not a certificate".getBytes()));
        admin.resource(edited).update();
        await("the caBundle restored").atMost(REPAIRED).until(() ->
                caBundle.equals(validating("shipshape-enforce").getWebhooks().get(0).getClientConfig().getCaBundle()));
    }

    @Test
    @Order(3)
    void warnModeReturnsWarningsToKubectl() throws Exception {
        namespace("warn");
        HardeningPolicy warn = policy("staging", Mode.Warn, AdmissionRemediation.None, "warn");
        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-advisory") != null);

        await().atMost(POLICY_TAKES_EFFECT).untilAsserted(() -> {
            Process kubectl = new ProcessBuilder(LocalControlPlane.kubectl().toString(),
                    "--kubeconfig", OperatorOnLocalControlPlane.kubeconfig().toString(),
                    "apply", "-n", "warn", "-f", "-").redirectErrorStream(true).start();
            try (InputStream manifest = AdmissionIT.class.getResourceAsStream("/it/bad-pod.yaml")) {
                kubectl.getOutputStream().write(manifest.readAllBytes());
            }
            kubectl.getOutputStream().close();
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kubectl.waitFor()).as(output).isZero();
            assertThat(output).contains("Warning: staging: privileged: container \"debug\" must not set "
                    + "securityContext.privileged=true");
        });
        assertThat(admin.pods().inNamespace("warn").withName("debug").get()).isNotNull();
        delete(warn);
    }

    @Test
    @Order(4)
    void mutateModeStoresAHardenedObject() {
        namespace("mutate");
        HardeningPolicy mutate = policy("autofix", Mode.Audit, AdmissionRemediation.Mutate, "mutate");
        await().atMost(POLICY_TAKES_EFFECT).until(() ->
                admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName("shipshape-mutate")
                        .get() != null);

        await().atMost(POLICY_TAKES_EFFECT).untilAsserted(() -> {
            admin.apps().deployments().inNamespace("mutate").withName("worker").withTimeout(10, TimeUnit.SECONDS)
                    .delete();
            Deployment stored = (Deployment) create(manifest("fillable-deployment.yaml", "mutate"));
            var pod = stored.getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(pod.getContainers().get(0).getResources().getLimits()).containsKey("memory");
        });
        delete(mutate);
    }

    @Test
    @Order(6)
    void createdChangedAndDeletedPoliciesTakeEffectWithinTwoSeconds() {
        Duration twoSeconds = Duration.ofSeconds(2);
        HardeningPolicy policy = policy("quick", Mode.Warn, AdmissionRemediation.None, "quick");
        await().atMost(twoSeconds).until(() -> served(WebhookKind.ADVISORY, "quick"));

        // a merge patch, not edit(): the operator writes the new policy's finalizer and status meanwhile, and an
        // edit() based on the version read before that is refused as a conflict
        admin.resources(HardeningPolicy.class).withName("quick")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"mode\":\"Enforce\"}}");
        await().atMost(twoSeconds).until(() -> served(WebhookKind.ENFORCE, "quick")
                && !served(WebhookKind.ADVISORY, "quick"));

        admin.resource(policy).delete();
        await().atMost(twoSeconds).until(() -> !served(WebhookKind.ENFORCE, "quick"));
    }

    private boolean served(WebhookKind webhook, String name) {
        return policyCache.policies(webhook).stream().anyMatch(policy -> policy.name().equals(name));
    }

    @Test
    @Order(5)
    void withTheOperatorDownAWarnOnlyClusterStillAdmitsEverything() {
        namespace("outage");
        HardeningPolicy warn = policy("outage-warn", Mode.Warn, AdmissionRemediation.None, "outage");
        await().atMost(POLICY_TAKES_EFFECT).until(() -> validating("shipshape-advisory") != null);
        WebhookCertificate certificate = certificates.current().orElseThrow();

        server.close();
        try {
            assertThat(create(manifest("bad-deployment.yaml", "outage"))).isNotNull();
        } finally {
            server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        }
        delete(warn);
    }
}
