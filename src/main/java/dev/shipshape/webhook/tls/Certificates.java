package dev.shipshape.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Consistency checks on certificates and keys read from a Secret. */
public final class Certificates {

    private static final Map<String, String> SIGNATURE_ALGORITHMS_BY_KEY_ALGORITHM = Map.of(
            "EC", "SHA256withECDSA",
            "RSA", "SHA256withRSA",
            "Ed25519", "Ed25519",
            "EdDSA", "Ed25519");

    private static final byte[] KEY_MATCH_PROBE = "shipshape key match probe".getBytes(StandardCharsets.UTF_8);

    private Certificates() {
    }

    /** The earliest notAfter in a chain: the moment the chain stops being usable. */
    public static Instant notAfter(List<X509Certificate> chain) {
        return chain.stream()
                .map(certificate -> certificate.getNotAfter().toInstant())
                .min(Instant::compareTo)
                .orElseThrow(() -> new IllegalArgumentException("empty certificate chain"));
    }

    /** Whether the private key belongs to the certificate's public key, proven by signing and verifying a probe. */
    public static boolean keyMatches(PrivateKey privateKey, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        String signatureAlgorithm = SIGNATURE_ALGORITHMS_BY_KEY_ALGORITHM.get(privateKey.getAlgorithm());
        if (signatureAlgorithm == null || !privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(privateKey);
            signer.update(KEY_MATCH_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(KEY_MATCH_PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether each certificate of the chain (leaf first) is signed by the next one and the last is signed by, or is,
     * one of the trusted certificates. Signatures only: validity periods and constraints are the TLS client's concern.
     */
    public static boolean chainsTo(List<X509Certificate> chain, Collection<X509Certificate> trusted) {
        if (chain.isEmpty()) {
            return false;
        }
        for (int i = 0; i < chain.size() - 1; i++) {
            if (!isSignedBy(chain.get(i), chain.get(i + 1))) {
                return false;
            }
        }
        X509Certificate last = chain.get(chain.size() - 1);
        return trusted.stream().anyMatch(authority -> authority.equals(last) || isSignedBy(last, authority));
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
