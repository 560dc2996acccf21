package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.shipshape.webhook.tls.TestConfigs.NAMESPACE;
import static dev.shipshape.webhook.tls.TestConfigs.SECRET_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class CertificateManagerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SECRET_PATH = "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + SECRET_NAME;
    private static final CertificateSecrets SECRETS = new CertificateSecrets(NAMESPACE, SECRET_NAME);

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void createsTheSecretWithCaAndServingCertificateWhenMissing() {
        WebhookCertificate certificate = selfManaged().ensure(NOW);

        Secret secret = storedSecret();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "shipshape");
        assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
        assertThat(SECRETS.readCertificate(secret)).isEqualTo(certificate);
        assertThat(certificate.notAfter()).isEqualTo(NOW.plus(VALIDITY));
        assertThat(SECRETS.readAuthority(secret).issued(leafChain(certificate))).isTrue();
        assertThat(SubjectAlternativeNames.of(leafChain(certificate).get(0)).dnsNames())
                .contains("shipshape-webhook.shipshape-test.svc");
    }

    @Test
    void keepsAValidSecretUntouched() {
        WebhookCertificate created = selfManaged().ensure(NOW);
        String resourceVersion = storedSecret().getMetadata().getResourceVersion();

        WebhookCertificate kept = selfManaged().ensure(NOW.plus(Duration.ofDays(100)));

        assertThat(kept).isEqualTo(created);
        assertThat(storedSecret().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void renewsTheServingCertificateInsideRenewBeforeFromTheSameCa() {
        WebhookCertificate created = selfManaged().ensure(NOW);
        String caKey = decoded(storedSecret(), "ca.key");
        Instant insideRenewal = created.notAfter().minus(RENEW_BEFORE).plusSeconds(1);

        WebhookCertificate renewed = selfManaged().ensure(insideRenewal);

        assertThat(renewed.certificatePem()).isNotEqualTo(created.certificatePem());
        assertThat(renewed.privateKeyPem()).isNotEqualTo(created.privateKeyPem());
        assertThat(renewed.caBundlePem()).isEqualTo(created.caBundlePem());
        assertThat(renewed.notAfter()).isEqualTo(insideRenewal.plus(VALIDITY));
        assertThat(decoded(storedSecret(), "ca.key")).isEqualTo(caKey);
        assertThat(SECRETS.readCertificate(storedSecret())).isEqualTo(renewed);
        assertThat(Certificates.chainsTo(leafChain(renewed), Pem.decodeCertificates(created.caBundlePem()))).isTrue();
    }

    @Test
    void rotatesTheCaBeforeItExpiresAndKeepsTrustingTheOutgoingOne() {
        selfManaged().ensure(NOW);
        CertificateAuthority outgoing = SECRETS.readAuthority(storedSecret());
        Instant beforeCaExpiry = outgoing.notAfter().minus(Duration.ofDays(10));

        WebhookCertificate rotated = selfManaged().ensure(beforeCaExpiry);

        CertificateAuthority successor = SECRETS.readAuthority(storedSecret());
        assertThat(successor.certificate()).isNotEqualTo(outgoing.certificate());
        assertThat(successor.issued(leafChain(rotated))).isTrue();
        assertThat(Pem.decodeCertificates(rotated.caBundlePem()))
                .containsExactly(successor.certificate(), outgoing.certificate());
        assertThat(rotated.notAfter()).isEqualTo(beforeCaExpiry.plus(VALIDITY));
    }

    @Test
    void dropsTheOutgoingCaFromTheBundleOnceItHasExpired() {
        selfManaged().ensure(NOW);
        CertificateAuthority outgoing = SECRETS.readAuthority(storedSecret());
        WebhookCertificate rotated = selfManaged().ensure(outgoing.notAfter().minus(Duration.ofDays(10)));
        Instant afterOutgoingExpiry = rotated.notAfter().minus(RENEW_BEFORE);

        WebhookCertificate renewed = selfManaged().ensure(afterOutgoingExpiry);

        assertThat(afterOutgoingExpiry).isAfter(outgoing.notAfter());
        assertThat(Pem.decodeCertificates(renewed.caBundlePem()))
                .containsExactly(SECRETS.readAuthority(storedSecret()).certificate());
    }

    @Test
    void reissuesWhenTheConfiguredNamesChange() {
        WebhookCertificate created = selfManaged().ensure(NOW);

        WebhookCertificate reissued = manager(Map.of(
                "shipshape.tls.extra-subject-alternative-names", "webhook.example.com,10.1.2.3")).ensure(NOW);

        assertThat(reissued.caBundlePem()).isEqualTo(created.caBundlePem());
        SubjectAlternativeNames names = SubjectAlternativeNames.of(leafChain(reissued).get(0));
        assertThat(names.dnsNames()).contains("webhook.example.com");
        assertThat(names.ipAddresses()).contains("127.0.0.1", "10.1.2.3");
    }

    @Test
    void replacesInvalidContentAndKeepsForeignLabelsAndAnnotations() {
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata()
                    .withNamespace(NAMESPACE).withName(SECRET_NAME)
                    .withLabels(Map.of("team", "platform"))
                    .withAnnotations(Map.of("note", "kept"))
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64("garbage"))
                .addToData("tls.key", base64("garbage"))
                .build()).create();

        WebhookCertificate certificate = selfManaged().ensure(NOW);

        Secret secret = storedSecret();
        assertThat(SECRETS.readCertificate(secret)).isEqualTo(certificate);
        assertThat(secret.getMetadata().getLabels())
                .containsEntry("team", "platform")
                .containsEntry("app.kubernetes.io/managed-by", "shipshape");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("note", "kept");
    }

    @Test
    void losingACreateRaceTakesTheCertificateTheWinnerWrote() {
        WebhookCertificate winners = selfManaged().ensure(NOW);
        String resourceVersion = storedSecret().getMetadata().getResourceVersion();
        server.expect().get().withPath(SECRET_PATH).andReturn(404, notFound()).once();

        WebhookCertificate losers = selfManaged().ensure(NOW);

        assertThat(losers).isEqualTo(winners);
        assertThat(storedSecret().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void losingAnUpdateRaceTakesTheCertificateTheWinnerWrote() {
        selfManaged().ensure(NOW);
        Secret staleRead = storedSecret();
        Instant insideRenewal = SECRETS.readCertificate(staleRead).notAfter().minus(RENEW_BEFORE);
        WebhookCertificate winners = selfManaged().ensure(insideRenewal);
        String resourceVersion = storedSecret().getMetadata().getResourceVersion();
        server.expect().get().withPath(SECRET_PATH).andReturn(200, staleRead).once();

        WebhookCertificate losers = selfManaged().ensure(insideRenewal);

        assertThat(losers).isEqualTo(winners);
        assertThat(storedSecret().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void secretModeReadsTheUserSecretAndNeverWritesIt() {
        Secret created = client.secrets().inNamespace(NAMESPACE).resource(userSecret()).create();
        Instant whenExpired = Instant.parse("2200-01-01T00:00:00Z");

        WebhookCertificate certificate = manager(Map.of("shipshape.tls.mode", "secret")).ensure(whenExpired);

        assertThat(certificate.certificatePem()).isEqualTo(Fixtures.pem("rsa-serving.crt"));
        assertThat(certificate.caBundlePem()).isEqualTo(Fixtures.pem("user-ca.crt"));
        assertThat(storedSecret().getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void readOnlyModesFailClearlyOnInvalidContentWithoutRepairingIt() {
        Secret invalid = userSecret();
        invalid.getData().put("tls.key", base64(Fixtures.pem("ec-sec1-with-parameters.key")));
        Secret created = client.secrets().inNamespace(NAMESPACE).resource(invalid).create();

        for (String mode : List.of("secret", "cert-manager")) {
            assertThatThrownBy(() -> manager(Map.of("shipshape.tls.mode", mode)).ensure(NOW))
                    .isInstanceOf(CertificateSecretException.class)
                    .hasMessage("Secret shipshape-test/webhook-tls: tls.key does not belong to the certificate in "
                            + "tls.crt");
        }
        assertThat(storedSecret().getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void readOnlyModesFailClearlyWhenTheSecretIsMissingAndDoNotCreateIt() {
        assertThatThrownBy(() -> manager(Map.of("shipshape.tls.mode", "secret")).ensure(NOW))
                .isInstanceOf(CertificateSecretException.class)
                .hasMessage("Secret shipshape-test/webhook-tls does not exist; with shipshape.tls.mode=secret create "
                        + "it as a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt");
        assertThatThrownBy(() -> manager(Map.of("shipshape.tls.mode", "cert-manager")).ensure(NOW))
                .isInstanceOf(CertificateSecretException.class)
                .hasMessage("Secret shipshape-test/webhook-tls does not exist; with shipshape.tls.mode=cert-manager a "
                        + "cert-manager Certificate with spec.secretName webhook-tls in namespace shipshape-test must "
                        + "fill it");
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get()).isNull();
    }

    @Test
    void nextCheckIsTheRenewalTimeWithinAMinuteAndAnHour() {
        CertificateManager manager = selfManaged();
        Instant notAfter = NOW.plus(Duration.ofDays(60));
        WebhookCertificate certificate = new WebhookCertificate("cert", "key", "ca", notAfter);
        Instant renewal = notAfter.minus(RENEW_BEFORE);

        assertThat(manager.nextCheck(certificate, NOW)).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(manager.nextCheck(certificate, renewal.minus(Duration.ofMinutes(20))))
                .isEqualTo(renewal);
        assertThat(manager.nextCheck(certificate, renewal.plus(Duration.ofDays(1))))
                .isEqualTo(renewal.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
    }

    @Test
    void refusesARenewalWindowAsLongAsTheValidity() {
        Map<String, String> renewingAllTheTime = Map.of(
                "shipshape.tls.validity", "P30D",
                "shipshape.tls.renew-before", "P30D");

        assertThatThrownBy(() -> manager(renewingAllTheTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shipshape.tls.renew-before (PT720H) must be shorter than shipshape.tls.validity (PT720H)");
    }

    private CertificateManager selfManaged() {
        return manager(Map.of());
    }

    private CertificateManager manager(Map<String, String> properties) {
        OperatorConfig config = TestConfigs.operatorConfig(properties);
        return new CertificateManager(client, config);
    }

    private Secret storedSecret() {
        return client.secrets().inNamespace(NAMESPACE).withName(SECRET_NAME).get();
    }

    private static Secret userSecret() {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(SECRET_NAME).endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64(Fixtures.pem("rsa-serving.crt")))
                .addToData("tls.key", base64(Fixtures.pem("rsa-pkcs1.key")))
                .addToData("ca.crt", base64(Fixtures.pem("user-ca.crt")))
                .build();
    }

    private static Status notFound() {
        return new StatusBuilder()
                .withStatus("Failure").withReason("NotFound").withCode(404)
                .withMessage("secrets \"" + SECRET_NAME + "\" not found")
                .build();
    }

    private static List<X509Certificate> leafChain(WebhookCertificate certificate) {
        return Pem.decodeCertificates(certificate.certificatePem());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
