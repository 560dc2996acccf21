package dev.shipshape.webhook.tls;

import dev.shipshape.cluster.KubernetesNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a {@link WebhookCertificate} to and from a {@code kubernetes.io/tls} Secret: {@code tls.crt}, {@code tls.key},
 * {@code ca.crt}, and for a self-managed CA also {@code ca.key}, so that whichever replica leads next keeps issuing
 * from the same CA. Reading validates the content and names the Secret and key at fault.
 */
public final class CertificateSecrets {

    public static final String TLS_TYPE = "kubernetes.io/tls";
    public static final String CERTIFICATE_KEY = "tls.crt";
    public static final String PRIVATE_KEY_KEY = "tls.key";
    public static final String CA_CERTIFICATE_KEY = "ca.crt";
    public static final String CA_PRIVATE_KEY_KEY = "ca.key";

    private final String namespace;
    private final String name;

    public CertificateSecrets(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** "namespace/name", as messages name the Secret. */
    public String reference() {
        return namespace + "/" + name;
    }

    /**
     * The Secret of a self-managed CA and the serving certificate it issued. Labels and annotations of
     * {@code previous}, when given, are carried over, and its resourceVersion makes a replace conditional on it.
     */
    public Secret selfManaged(CertificateAuthority authority, WebhookCertificate certificate,
                              Optional<Secret> previous) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CERTIFICATE_KEY, base64(certificate.certificatePem()));
        data.put(PRIVATE_KEY_KEY, base64(certificate.privateKeyPem()));
        data.put(CA_CERTIFICATE_KEY, base64(certificate.caBundlePem()));
        data.put(CA_PRIVATE_KEY_KEY, base64(authority.privateKeyPem()));
        Optional<ObjectMeta> previousMetadata = previous.map(Secret::getMetadata);
        Map<String, String> labels = new LinkedHashMap<>(previousMetadata.map(ObjectMeta::getLabels).orElse(Map.of()));
        labels.put(KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY);
        return new SecretBuilder()
                .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(name)
                    .withLabels(labels)
                    .withAnnotations(previousMetadata.map(ObjectMeta::getAnnotations).orElse(null))
                    .withResourceVersion(previousMetadata.map(ObjectMeta::getResourceVersion).orElse(null))
                .endMetadata()
                .withType(TLS_TYPE)
                .withData(data)
                .build();
    }

    /**
     * The serving certificate: {@code tls.crt} (leaf first), the key in {@code tls.key} that belongs to its leaf, and
     * {@code ca.crt} holding a CA the chain leads to.
     */
    public WebhookCertificate readCertificate(Secret secret) {
        List<X509Certificate> chain = certificates(secret, CERTIFICATE_KEY);
        PrivateKey privateKey = privateKey(secret, PRIVATE_KEY_KEY);
        List<X509Certificate> caBundle = certificates(secret, CA_CERTIFICATE_KEY);
        if (!Certificates.keyMatches(privateKey, chain.get(0))) {
            throw invalid(PRIVATE_KEY_KEY + " does not belong to the certificate in " + CERTIFICATE_KEY);
        }
        if (!Certificates.chainsTo(chain, caBundle)) {
            throw invalid("the certificate in " + CERTIFICATE_KEY + " was not issued by a CA in " + CA_CERTIFICATE_KEY);
        }
        return new WebhookCertificate(Pem.encodeCertificates(chain), Pem.encodePrivateKey(privateKey),
                Pem.encodeCertificates(caBundle), Certificates.notAfter(chain));
    }

    /** The self-managed CA: the certificate in {@code ca.crt} that the key in {@code ca.key} belongs to. */
    public CertificateAuthority readAuthority(Secret secret) {
        List<X509Certificate> caBundle = certificates(secret, CA_CERTIFICATE_KEY);
        PrivateKey caKey = privateKey(secret, CA_PRIVATE_KEY_KEY);
        return caBundle.stream()
                .filter(certificate -> Certificates.keyMatches(caKey, certificate))
                .findFirst()
                .map(certificate -> new CertificateAuthority(certificate, caKey))
                .orElseThrow(() -> invalid(CA_PRIVATE_KEY_KEY + " does not belong to any certificate in "
                        + CA_CERTIFICATE_KEY));
    }

    private List<X509Certificate> certificates(Secret secret, String key) {
        try {
            return Pem.decodeCertificates(text(secret, key));
        } catch (IllegalArgumentException e) {
            throw invalid(key + " does not hold PEM certificates: " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey(Secret secret, String key) {
        try {
            return Pem.decodePrivateKey(text(secret, key));
        } catch (IllegalArgumentException e) {
            throw invalid(key + " does not hold a PEM private key: " + e.getMessage(), e);
        }
    }

    private String text(Secret secret, String key) {
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null || encoded.isEmpty()) {
            throw invalid("key " + key + " is missing");
        }
        try {
            return new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(key + " is not valid base64", e);
        }
    }

    private CertificateSecretException invalid(String problem) {
        return new CertificateSecretException("Secret " + reference() + ": " + problem);
    }

    private CertificateSecretException invalid(String problem, Throwable cause) {
        return new CertificateSecretException("Secret " + reference() + ": " + problem, cause);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
