package dev.shipshape.webhook.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * A CA certificate with its private key, issuing webhook serving certificates. Keys are ECDSA P-256, signatures
 * SHA256withECDSA, serial numbers random 128-bit, and notBefore lies {@link #CLOCK_SKEW} in the past so that API
 * servers whose clocks run a little behind accept a certificate issued a moment ago.
 */
public final class CertificateAuthority {

    public static final String COMMON_NAME = "shipshape-webhook-ca";
    public static final int VALIDITY_YEARS = 10;
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int SERIAL_NUMBER_BITS = 128;

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    /** Pairs a CA certificate with its key; fails when the key does not belong to the certificate. */
    public CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (!Certificates.keyMatches(privateKey, certificate)) {
            throw new IllegalArgumentException("the private key does not belong to the CA certificate "
                    + certificate.getSubjectX500Principal());
        }
    }

    /** A new self-signed CA valid for {@value #VALIDITY_YEARS} years from {@code now}. */
    public static CertificateAuthority generate(Instant now) {
        SecureRandom random = new SecureRandom();
        KeyPair keyPair = generateKeyPair(random);
        X500Name subject = commonName(COMMON_NAME);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(random),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateAuthority(sign(builder, keyPair.getPrivate()), keyPair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the webhook CA certificate", e);
        }
    }

    /**
     * A serving certificate for {@code names}, valid for {@code validity} but never beyond this CA, whose subject CN
     * is the first DNS name. Its CA bundle is this CA's certificate alone.
     */
    public WebhookCertificate issue(SubjectAlternativeNames names, Duration validity, Instant now) {
        if (names.dnsNames().isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name");
        }
        SecureRandom random = new SecureRandom();
        KeyPair keyPair = generateKeyPair(random);
        Instant notAfter = earlier(now.plus(validity), notAfter());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(random),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter),
                    commonName(names.dnsNames().iterator().next()), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate serving = sign(builder, privateKey);
            return new WebhookCertificate(Pem.encodeCertificate(serving), Pem.encodePrivateKey(keyPair.getPrivate()),
                    certificatePem(), serving.getNotAfter().toInstant());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue the webhook serving certificate", e);
        }
    }

    /** True from {@code renewBefore} ahead of this CA's expiry on. */
    public boolean needsRenewal(Instant now, Duration renewBefore) {
        return !now.isBefore(notAfter().minus(renewBefore));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    /** Whether the serving chain (leaf first) was issued by this CA. */
    public boolean issued(List<X509Certificate> chain) {
        return Certificates.chainsTo(chain, List.of(certificate));
    }

    private static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC " + CURVE + " key pair", e);
        }
    }

    private static BigInteger serialNumber(SecureRandom random) {
        return new BigInteger(SERIAL_NUMBER_BITS, random);
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + SIGNATURE_ALGORITHM, e);
        }
    }

    private static Instant earlier(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
