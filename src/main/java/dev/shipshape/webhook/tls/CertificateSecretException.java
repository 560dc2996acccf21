package dev.shipshape.webhook.tls;

/** The webhook's TLS Secret is missing or its content cannot be served; the message names the Secret and the key. */
public class CertificateSecretException extends RuntimeException {

    public CertificateSecretException(String message) {
        super(message);
    }

    public CertificateSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
