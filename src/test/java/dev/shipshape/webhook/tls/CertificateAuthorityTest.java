package dev.shipshape.webhook.tls;

import org.junit.jupiter.api.Test;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    private static final SubjectAlternativeNames NAMES = SubjectAlternativeNames.forService("shipshape-webhook",
            "shipshape-system", List.of("10.0.0.5", "webhook.example.com", "::1"));

    @Test
    void caIsASelfSignedP256CaForTenYears() throws GeneralSecurityException {
        X509Certificate ca = CertificateAuthority.generate(NOW).certificate();

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=shipshape-webhook-ca");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isNotNegative();
        assertThat(ca.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(setBits(ca.getKeyUsage())).containsExactly(KEY_CERT_SIGN, CRL_SIGN);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertIsP256(ca);
        assertThat(ca.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofMinutes(1))));
        assertThat(ca.getNotAfter()).isEqualTo(Date.from(Instant.parse("2036-03-01T12:00:00Z")));
    }

    @Test
    void servingCertificateIsForServerAuthOnTheServiceNamesLoopbackAndExtraNames() throws GeneralSecurityException {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        WebhookCertificate issued = authority.issue(NAMES, VALIDITY, NOW);
        X509Certificate serving = Pem.decodeCertificates(issued.certificatePem()).get(0);

        assertThat(SubjectAlternativeNames.of(serving).dnsNames()).containsExactlyInAnyOrder(
                "shipshape-webhook",
                "shipshape-webhook.shipshape-system",
                "shipshape-webhook.shipshape-system.svc",
                "shipshape-webhook.shipshape-system.svc.cluster.local",
                "webhook.example.com");
        assertThat(SubjectAlternativeNames.of(serving).ipAddresses())
                .containsExactlyInAnyOrder("127.0.0.1", "10.0.0.5", "0:0:0:0:0:0:0:1");
        assertThat(serving.getSubjectX500Principal().getName()).isEqualTo("CN=shipshape-webhook");
        assertThat(serving.getIssuerX500Principal()).isEqualTo(authority.certificate().getSubjectX500Principal());
        assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(setBits(serving.getKeyUsage())).containsExactly(DIGITAL_SIGNATURE);
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertIsP256(serving);
        assertThat(serving.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofMinutes(1))));
        assertThat(serving.getNotAfter()).isEqualTo(Date.from(NOW.plus(VALIDITY)));
        assertThat(issued.notAfter()).isEqualTo(NOW.plus(VALIDITY));
        assertThat(issued.caBundlePem()).isEqualTo(authority.certificatePem());
    }

    @Test
    void servingCertificateChainsToItsCaAndNotToAnother() throws GeneralSecurityException {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        X509Certificate serving = Pem.decodeCertificates(authority.issue(NAMES, VALIDITY, NOW).certificatePem()).get(0);

        CertificateAuthority other = CertificateAuthority.generate(NOW);

        validatePath(serving, authority.certificate(), NOW);
        assertThatThrownBy(() -> validatePath(serving, other.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
        assertThat(authority.issued(List.of(serving))).isTrue();
        assertThat(other.issued(List.of(serving))).isFalse();
    }

    @Test
    void servingCertificateNeverOutlivesItsCa() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        Instant nearCaExpiry = authority.notAfter().minus(Duration.ofDays(10));

        WebhookCertificate issued = authority.issue(NAMES, VALIDITY, nearCaExpiry);

        assertThat(issued.notAfter()).isEqualTo(authority.notAfter());
    }

    @Test
    void serialNumbersAreRandomAndAtMost128Bits() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        X509Certificate first = Pem.decodeCertificates(authority.issue(NAMES, VALIDITY, NOW).certificatePem()).get(0);
        X509Certificate second = Pem.decodeCertificates(authority.issue(NAMES, VALIDITY, NOW).certificatePem()).get(0);

        assertThat(Set.of(authority.certificate().getSerialNumber(), first.getSerialNumber(), second.getSerialNumber()))
                .hasSize(3)
                .allSatisfy(serial -> assertThat(serial.bitLength()).isBetween(1, 128));
    }

    @Test
    void caNeedsRenewalOnceInsideRenewBefore() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);
        Duration renewBefore = Duration.ofDays(30);

        assertThat(authority.needsRenewal(authority.notAfter().minus(Duration.ofDays(31)), renewBefore)).isFalse();
        assertThat(authority.needsRenewal(authority.notAfter().minus(renewBefore), renewBefore)).isTrue();
    }

    @Test
    void refusesAKeyThatIsNotTheCas() {
        X509Certificate ca = CertificateAuthority.generate(NOW).certificate();
        CertificateAuthority other = CertificateAuthority.generate(NOW);

        assertThatThrownBy(() -> new CertificateAuthority(ca, Pem.decodePrivateKey(other.privateKeyPem())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the CA certificate CN=shipshape-webhook-ca");
    }

    @Test
    void caSurvivesAPemRoundTrip() {
        CertificateAuthority authority = CertificateAuthority.generate(NOW);

        X509Certificate certificate = Pem.decodeCertificates(authority.certificatePem()).get(0);
        CertificateAuthority restored = new CertificateAuthority(certificate,
                Pem.decodePrivateKey(authority.privateKeyPem()));

        assertThat(restored.certificate()).isEqualTo(authority.certificate());
        assertThat(restored.privateKeyPem()).isEqualTo(authority.privateKeyPem());
        X509Certificate serving = Pem.decodeCertificates(restored.issue(NAMES, VALIDITY, NOW).certificatePem()).get(0);
        assertThat(authority.issued(List.of(serving))).isTrue();
    }

    private static void validatePath(X509Certificate serving, X509Certificate ca, Instant at)
            throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(serving));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static void assertIsP256(X509Certificate certificate) throws GeneralSecurityException {
        AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
        p256.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec expected = p256.getParameterSpec(ECParameterSpec.class);
        ECParameterSpec actual = ((ECPublicKey) certificate.getPublicKey()).getParams();
        assertThat(actual.getCurve()).isEqualTo(expected.getCurve());
        assertThat(actual.getOrder()).isEqualTo(expected.getOrder());
        assertThat(actual.getGenerator()).isEqualTo(expected.getGenerator());
    }

    private static List<Integer> setBits(boolean[] bits) {
        return IntStream.range(0, bits.length).filter(i -> bits[i]).boxed().toList();
    }
}
