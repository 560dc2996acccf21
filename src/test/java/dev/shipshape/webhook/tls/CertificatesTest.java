package dev.shipshape.webhook.tls;

import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CertificatesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final SubjectAlternativeNames NAMES = SubjectAlternativeNames.forService("svc", "ns", List.of());

    @Test
    void keyMatchesOnlyItsOwnCertificate() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        WebhookCertificate first = authority.issue(NAMES, Duration.ofDays(30), NOW);
        WebhookCertificate second = authority.issue(NAMES, Duration.ofDays(30), NOW);
        PrivateKey firstKey = Pem.decodePrivateKey(first.privateKeyPem());

        assertThat(Certificates.keyMatches(firstKey, leaf(first))).isTrue();
        assertThat(Certificates.keyMatches(firstKey, leaf(second))).isFalse();
        assertThat(Certificates.keyMatches(Pem.decodePrivateKey(Fixtures.pem("rsa-pkcs1.key")), leaf(first))).isFalse();
    }

    @Test
    void chainLeadsToATrustedCaThroughEachLink() {
        List<X509Certificate> userCa = Pem.decodeCertificates(Fixtures.pem("user-ca.crt"));
        X509Certificate rsaServing = Pem.decodeCertificates(Fixtures.pem("rsa-serving.crt")).get(0);
        X509Certificate ownCa = CertificateAuthority.generate(NOW).certificate();

        assertThat(Certificates.chainsTo(List.of(rsaServing), userCa)).isTrue();
        assertThat(Certificates.chainsTo(List.of(rsaServing, userCa.get(0)), userCa)).isTrue();
        assertThat(Certificates.chainsTo(List.of(rsaServing), List.of(ownCa, userCa.get(0)))).isTrue();
        assertThat(Certificates.chainsTo(List.of(rsaServing), List.of(ownCa))).isFalse();
        assertThat(Certificates.chainsTo(List.of(rsaServing, ownCa), userCa)).isFalse();
    }

    @Test
    void chainExpiresWithItsEarliestCertificate() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        X509Certificate serving = leaf(authority.issue(NAMES, Duration.ofDays(30), NOW));

        assertThat(Certificates.notAfter(List.of(authority.certificate(), serving)))
                .isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    private static X509Certificate leaf(WebhookCertificate certificate) {
        return Pem.decodeCertificates(certificate.certificatePem()).get(0);
    }
}
