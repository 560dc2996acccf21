package dev.shipshape.webhook;

import dev.shipshape.webhook.tls.CertificateWatcher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every replica: serves admission with the certificate in the webhook Secret, and switches to a renewed
 * one without a restart.
 */
@ApplicationScoped
public class WebhookServing {

    private final CertificateWatcher watcher;
    private final AdmissionServer server;

    public WebhookServing(CertificateWatcher watcher, AdmissionServer server) {
        this.watcher = watcher;
        this.server = server;
    }

    void start(@Observes StartupEvent event) {
        watcher.addListener(certificate -> server.useCertificate(certificate.certificatePem(),
                certificate.privateKeyPem()));
        watcher.start();
    }
}
