package dev.shipshape.webhook.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the webhook serves and what the API server must trust, as normalized PEM text: the serving certificate chain
 * (leaf first), its private key in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) and the CA bundle for the webhook
 * configurations' {@code caBundle}. {@code notAfter} is the earliest expiry in the serving chain.
 */
public record WebhookCertificate(String certificatePem, String privateKeyPem, String caBundlePem, Instant notAfter) {

    public WebhookCertificate {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(caBundlePem, "caBundlePem");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** True from {@code renewBefore} ahead of expiry on. */
    public boolean needsRenewal(Instant now, Duration renewBefore) {
        return !now.isBefore(renewalTime(renewBefore));
    }

    public Instant renewalTime(Duration renewBefore) {
        return notAfter.minus(renewBefore);
    }

    public WebhookCertificate withCaBundlePem(String otherCaBundlePem) {
        return new WebhookCertificate(certificatePem, privateKeyPem, otherCaBundlePem, notAfter);
    }

    /** Leaves the private key out so that logging a certificate never leaks it. */
    @Override
    public String toString() {
        return "WebhookCertificate[notAfter=" + notAfter + "]";
    }
}
