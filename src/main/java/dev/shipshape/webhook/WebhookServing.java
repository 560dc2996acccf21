package dev.shipshape.webhook;

import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.webhook.tls.CertificateWatcher;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Every replica: serves admission with the certificate in the webhook Secret, and switches to a renewed
 * one without a restart. The server starts only once the policies and namespaces have been listed: before that
 * a review would find no policy and be allowed, so until then the API server cannot connect and fails closed
 * where a policy enforces.
 */
@ApplicationScoped
public class WebhookServing {

    private static final Logger LOG = Logger.getLogger(WebhookServing.class);
    private static final long SYNC_POLL_MILLIS = 100;

    private final CertificateWatcher watcher;
    private final AdmissionServer server;
    private final PolicyCache policies;
    private final NamespaceCache namespaces;
    private WebhookCertificate latest;
    private boolean cachesSynced;

    public WebhookServing(CertificateWatcher watcher, AdmissionServer server, PolicyCache policies,
                          NamespaceCache namespaces) {
        this.watcher = watcher;
        this.server = server;
        this.policies = policies;
        this.namespaces = namespaces;
    }

    void start(@Observes StartupEvent event) {
        watcher.addListener(this::serve);
        watcher.start();
        Thread waiter = new Thread(this::startOnceCachesSynced, "shipshape-admission-start");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Serves with {@code certificate} now, or once the caches have synced. */
    synchronized void serve(WebhookCertificate certificate) {
        latest = certificate;
        if (cachesSynced) {
            server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        }
    }

    /** Waits until the policies and namespaces are listed, then serves with the latest certificate, if any yet. */
    void startOnceCachesSynced() {
        try {
            while (!(policies.synced() && namespaces.synced())) {
                Thread.sleep(SYNC_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            LOG.info("policies and namespaces listed: admission can be served");
            cachesSynced = true;
            if (latest != null) {
                server.useCertificate(latest.certificatePem(), latest.privateKeyPem());
            }
        }
    }
}
