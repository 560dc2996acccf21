package dev.shipshape.webhook.tls;

import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void certificatesAndPkcs8KeysSurviveARoundTrip() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        WebhookCertificate issued = authority.issue(
                SubjectAlternativeNames.forService("svc", "ns", List.of()), Duration.ofDays(30), NOW);
        X509Certificate serving = Pem.decodeCertificates(issued.certificatePem()).get(0);
        String chainPem = Pem.encodeCertificates(List.of(serving, authority.certificate()));

        assertThat(Pem.decodeCertificates(chainPem)).containsExactly(serving, authority.certificate());
        assertThat(Pem.encodeCertificates(Pem.decodeCertificates(chainPem))).isEqualTo(chainPem);
        assertThat(issued.privateKeyPem())
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("\n-----END PRIVATE KEY-----\n");
        PrivateKey key = Pem.decodePrivateKey(issued.privateKeyPem());
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(Pem.encodePrivateKey(key)).isEqualTo(issued.privateKeyPem());
        assertThat(chainPem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void readsTraditionalRsaKeys() {
        PrivateKey key = Pem.decodePrivateKey(Fixtures.pem("rsa-pkcs1.key"));

        assertThat(Fixtures.pem("rsa-pkcs1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(Certificates.keyMatches(key, Pem.decodeCertificates(Fixtures.pem("rsa-serving.crt")).get(0)))
                .isTrue();
        assertThat(Pem.encodePrivateKey(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void readsTraditionalEcKeysPrecededByTheirParameters() {
        String pem = Fixtures.pem("ec-sec1-with-parameters.key");
        PrivateKey key = Pem.decodePrivateKey(pem);

        assertThat(pem).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(Certificates.keyMatches(key, Pem.decodeCertificates(Fixtures.pem("ec-serving.crt")).get(0)))
                .isTrue();
    }

    @Test
    void refusesEncryptedKeys() {
        assertThatThrownBy(() -> Pem.decodePrivateKey(Fixtures.pem("rsa-encrypted.key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the private key is encrypted; provide it unencrypted");
    }

    @Test
    void namesWhatIsWrongWithCertificatePem() {
        assertThatThrownBy(() -> Pem.decodeCertificates("not PEM at all"))
                .hasMessage("no CERTIFICATE block found");
        assertThatThrownBy(() -> Pem.decodeCertificates(Fixtures.pem("user-ca.crt") + Fixtures.pem("rsa-pkcs1.key")))
                .hasMessage("expected only CERTIFICATE blocks but found RSA PRIVATE KEY");
        String notADerCertificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.decodeCertificates(notADerCertificate))
                .hasMessageStartingWith("CERTIFICATE block 1 is not an X.509 certificate");
        assertThatThrownBy(() -> Pem.decodeCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"))
                .hasMessageStartingWith("malformed PEM");
    }

    @Test
    void namesWhatIsWrongWithPrivateKeyPem() {
        assertThatThrownBy(() -> Pem.decodePrivateKey(""))
                .hasMessage("no PRIVATE KEY block found");
        assertThatThrownBy(() -> Pem.decodePrivateKey(Fixtures.pem("user-ca.crt")))
                .hasMessage("expected a private key but found a CERTIFICATE block");
        assertThatThrownBy(() -> Pem.decodePrivateKey(Fixtures.pem("rsa-pkcs1.key") + Fixtures.pem("rsa-pkcs1.key")))
                .hasMessage("expected one private key but found another RSA PRIVATE KEY block");
        assertThatThrownBy(() -> Pem.decodePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .hasMessageStartingWith("PRIVATE KEY block is not a valid private key");
    }
}
