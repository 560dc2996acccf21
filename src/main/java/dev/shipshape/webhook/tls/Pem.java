package dev.shipshape.webhook.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * PEM text of X.509 certificates and private keys. Keys are written as PKCS#8 ({@code PRIVATE KEY}); reading also
 * accepts OpenSSL's traditional {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY}. Problems are reported as
 * {@link IllegalArgumentException} with a message naming the block at fault.
 */
public final class Pem {

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PKCS8_PRIVATE_KEY = "PRIVATE KEY";
    private static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    private static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    private static final String EC_PARAMETERS = "EC PARAMETERS";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";

    private static final Map<String, String> KEY_ALGORITHMS_BY_OID = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey.getId(), "EC",
            PKCSObjectIdentifiers.rsaEncryption.getId(), "RSA",
            EdECObjectIdentifiers.id_Ed25519.getId(), "Ed25519");

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return block(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(certificate -> pem.append(encodeCertificate(certificate)));
        return pem.toString();
    }

    public static String encodePrivateKey(PrivateKey privateKey) {
        if (!"PKCS#8".equals(privateKey.getFormat())) {
            throw new IllegalArgumentException("cannot encode a " + privateKey.getAlgorithm() + " key in format "
                    + privateKey.getFormat() + " as PKCS#8");
        }
        return block(PKCS8_PRIVATE_KEY, privateKey.getEncoded());
    }

    /** All CERTIFICATE blocks in order; at least one, and no other kind of block. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemObject block : blocks(pem)) {
            if (!CERTIFICATE.equals(block.getType())) {
                throw new IllegalArgumentException("expected only CERTIFICATE blocks but found " + block.getType());
            }
            certificates.add(certificate(block.getContent(), certificates.size() + 1));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /** The one private key, PKCS#8 or traditional EC/RSA, unencrypted; an EC PARAMETERS block beside it is ignored. */
    public static PrivateKey decodePrivateKey(String pem) {
        PrivateKeyInfo keyInfo = null;
        for (PemObject block : blocks(pem)) {
            if (EC_PARAMETERS.equals(block.getType())) {
                continue;
            }
            if (keyInfo != null) {
                throw new IllegalArgumentException("expected one private key but found another " + block.getType()
                        + " block");
            }
            keyInfo = privateKeyInfo(block);
        }
        if (keyInfo == null) {
            throw new IllegalArgumentException("no PRIVATE KEY block found");
        }
        return privateKey(keyInfo);
    }

    private static String block(String type, byte[] content) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(content)
                + "\n-----END " + type + "-----\n";
    }

    private static List<PemObject> blocks(String pem) {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return blocks;
    }

    private static X509Certificate certificate(byte[] der, int position) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CERTIFICATE block " + position + " is not an X.509 certificate: "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo privateKeyInfo(PemObject block) {
        String type = block.getType();
        if (ENCRYPTED_PRIVATE_KEY.equals(type) || isEncryptedTraditionalKey(block)) {
            throw new IllegalArgumentException("the private key is encrypted; provide it unencrypted");
        }
        if (!PKCS8_PRIVATE_KEY.equals(type) && !EC_PRIVATE_KEY.equals(type) && !RSA_PRIVATE_KEY.equals(type)) {
            throw new IllegalArgumentException("expected a private key but found a " + type + " block");
        }
        try {
            if (PKCS8_PRIVATE_KEY.equals(type)) {
                return PrivateKeyInfo.getInstance(block.getContent());
            }
            if (EC_PRIVATE_KEY.equals(type)) {
                return ecPrivateKeyInfo(ECPrivateKey.getInstance(block.getContent()));
            }
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(block.getContent()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(type + " block is not a valid private key: " + e.getMessage(), e);
        }
    }

    /** OpenSSL marks an encrypted traditional key with a {@code Proc-Type: 4,ENCRYPTED} header. */
    private static boolean isEncryptedTraditionalKey(PemObject block) {
        for (Object header : block.getHeaders()) {
            if ("Proc-Type".equalsIgnoreCase(((PemHeader) header).getName())) {
                return true;
            }
        }
        return false;
    }

    private static PrivateKeyInfo ecPrivateKeyInfo(ECPrivateKey sec1Key) throws IOException {
        ASN1Encodable curve = sec1Key.getParametersObject();
        if (curve == null) {
            throw new IllegalArgumentException("it does not name its curve");
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1Key);
    }

    private static PrivateKey privateKey(PrivateKeyInfo keyInfo) {
        String oid = keyInfo.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = KEY_ALGORITHMS_BY_OID.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported private key algorithm " + oid
                    + "; use an EC, RSA or Ed25519 key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keyInfo.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot read the " + algorithm + " private key: " + e.getMessage(), e);
        }
    }
}
