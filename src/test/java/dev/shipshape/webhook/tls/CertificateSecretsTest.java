package dev.shipshape.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateSecretsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final CertificateSecrets SECRETS = new CertificateSecrets("shipshape-system", "webhook-tls");
    private static final CertificateAuthority AUTHORITY = CertificateAuthority.generate(NOW);
    private static final WebhookCertificate CERTIFICATE = AUTHORITY.issue(
            SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-system", List.of()),
            Duration.ofDays(365), NOW);

    @Test
    void selfManagedSecretIsALabelledTlsSecretThatReadsBackTheSame() {
        Secret secret = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.empty());

        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("shipshape-system");
        assertThat(secret.getMetadata().getName()).isEqualTo("webhook-tls");
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "shipshape");
        assertThat(secret.getMetadata().getResourceVersion()).isNull();
        assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
        assertThat(decoded(secret, "ca.key")).isEqualTo(AUTHORITY.privateKeyPem());
        assertThat(SECRETS.readCertificate(secret)).isEqualTo(CERTIFICATE);
        assertThat(SECRETS.readAuthority(secret).certificate()).isEqualTo(AUTHORITY.certificate());
    }

    @Test
    void replacementKeepsLabelsAndAnnotationsAndIsConditionalOnTheResourceVersion() {
        Secret previous = new SecretBuilder()
                .withNewMetadata()
                    .withNamespace("shipshape-system").withName("webhook-tls").withResourceVersion("41")
                    .withLabels(Map.of("team", "platform"))
                    .withAnnotations(Map.of("reflector/allowed", "true"))
                .endMetadata()
                .build();

        Secret secret = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.of(previous));

        assertThat(secret.getMetadata().getResourceVersion()).isEqualTo("41");
        assertThat(secret.getMetadata().getLabels())
                .containsEntry("team", "platform")
                .containsEntry("app.kubernetes.io/managed-by", "shipshape");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("reflector/allowed", "true");
    }

    @Test
    void readsAUserProvidedRsaSecretAndNormalizesTheKeyToPkcs8() {
        Secret secret = secret(Map.of(
                "tls.crt", Fixtures.pem("rsa-serving.crt"),
                "tls.key", Fixtures.pem("rsa-pkcs1.key"),
                "ca.crt", Fixtures.pem("user-ca.crt")));

        WebhookCertificate certificate = SECRETS.readCertificate(secret);

        assertThat(certificate.certificatePem()).isEqualTo(Fixtures.pem("rsa-serving.crt"));
        assertThat(certificate.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(certificate.caBundlePem()).isEqualTo(Fixtures.pem("user-ca.crt"));
        assertThat(certificate.notAfter()).isEqualTo(
                Pem.decodeCertificates(Fixtures.pem("rsa-serving.crt")).get(0).getNotAfter().toInstant());
    }

    @Test
    void namesTheMissingKey() {
        for (String key : List.of("tls.crt", "tls.key", "ca.crt")) {
            Secret secret = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.empty());
            secret.getData().remove(key);

            assertThatThrownBy(() -> SECRETS.readCertificate(secret))
                    .isInstanceOf(CertificateSecretException.class)
                    .hasMessage("Secret shipshape-system/webhook-tls: key " + key + " is missing");
        }
        Secret withoutCaKey = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.empty());
        withoutCaKey.getData().remove("ca.key");
        assertThatThrownBy(() -> SECRETS.readAuthority(withoutCaKey))
                .hasMessage("Secret shipshape-system/webhook-tls: key ca.key is missing");
        assertThatThrownBy(() -> SECRETS.readCertificate(new SecretBuilder().build()))
                .hasMessage("Secret shipshape-system/webhook-tls: key tls.crt is missing");
    }

    @Test
    void namesTheKeyThatIsNotBase64() {
        Secret secret = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.empty());
        secret.getData().put("ca.crt", "%%%");

        assertThatThrownBy(() -> SECRETS.readCertificate(secret))
                .hasMessage("Secret shipshape-system/webhook-tls: ca.crt is not valid base64");
    }

    @Test
    void namesTheKeyWhosePemCannotBeDecoded() {
        Secret badCertificate = withText("tls.crt", "hello");
        Secret badKey = withText("tls.key", Fixtures.pem("user-ca.crt"));
        Secret badCaKey = withText("ca.key", Fixtures.pem("rsa-encrypted.key"));

        assertThatThrownBy(() -> SECRETS.readCertificate(badCertificate))
                .hasMessage("Secret shipshape-system/webhook-tls: tls.crt does not hold PEM certificates: "
                        + "no CERTIFICATE block found");
        assertThatThrownBy(() -> SECRETS.readCertificate(badKey))
                .hasMessage("Secret shipshape-system/webhook-tls: tls.key does not hold a PEM private key: "
                        + "expected a private key but found a CERTIFICATE block");
        assertThatThrownBy(() -> SECRETS.readAuthority(badCaKey))
                .hasMessage("Secret shipshape-system/webhook-tls: ca.key does not hold a PEM private key: "
                        + "the private key is encrypted; provide it unencrypted");
    }

    @Test
    void detectsAKeyThatDoesNotBelongToTheCertificate() {
        WebhookCertificate other = AUTHORITY.issue(SubjectAlternativeNames.forService("x", "y", List.of()),
                Duration.ofDays(1), NOW);

        assertThatThrownBy(() -> SECRETS.readCertificate(withText("tls.key", other.privateKeyPem())))
                .hasMessage("Secret shipshape-system/webhook-tls: tls.key does not belong to the certificate in "
                        + "tls.crt");
        assertThatThrownBy(() -> SECRETS.readAuthority(withText("ca.key", other.privateKeyPem())))
                .hasMessage("Secret shipshape-system/webhook-tls: ca.key does not belong to any certificate in ca.crt");
    }

    @Test
    void detectsACertificateThatTheCaBundleDoesNotVouchFor() {
        Secret secret = withText("ca.crt", Fixtures.pem("user-ca.crt"));

        assertThatThrownBy(() -> SECRETS.readCertificate(secret))
                .hasMessage("Secret shipshape-system/webhook-tls: the certificate in tls.crt was not issued by a CA "
                        + "in ca.crt");
    }

    private static Secret withText(String key, String text) {
        Secret secret = SECRETS.selfManaged(AUTHORITY, CERTIFICATE, Optional.empty());
        secret.getData().put(key, base64(text));
        return secret;
    }

    private static Secret secret(Map<String, String> texts) {
        SecretBuilder builder = new SecretBuilder().withType("kubernetes.io/tls");
        texts.forEach((key, text) -> builder.addToData(key, base64(text)));
        return builder.build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
