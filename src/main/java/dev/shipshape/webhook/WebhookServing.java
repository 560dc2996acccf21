package dev.shipshape.webhook;

import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerCache;
import dev.shipshape.webhook.tls.CertificateWatcher;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Every replica: serves admission with the certificate in the webhook Secret, and switches to a renewed
 * one without a restart. The server starts only once the policies, namespaces and owner workloads have been listed:
 * before that a review would find no policy and be allowed, or judge what a controller created without its owner's
 * exemptions, so until then the API server cannot connect and fails closed where a policy enforces.
 */
@ApplicationScoped
public class WebhookServing {

    private static final Logger LOG = Logger.getLogger(WebhookServing.class);
    private static final long SYNC_POLL_MILLIS = 100;

    private final CertificateWatcher watcher;
    private final AdmissionServer server;
    private final PolicyCache policies;
    private final NamespaceCache namespaces;
    private final OwnerCache owners;
    private WebhookCertificate latest;
    private boolean cachesSynced;

    public WebhookServing(CertificateWatcher watcher, AdmissionServer server, PolicyCache policies,
                          NamespaceCache namespaces, OwnerCache owners) {
        this.watcher = watcher;
        this.server = server;
        this.policies = policies;
        this.namespaces = namespaces;
        this.owners = owners;
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

    /** Waits until the caches are listed, then serves with the latest certificate, if any yet. */
    void startOnceCachesSynced() {
        try {
            while (!(policies.synced() && namespaces.synced() && owners.synced())) {
                Thread.sleep(SYNC_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            LOG.info("policies, namespaces and owner workloads listed: admission can be served");
            cachesSynced = true;
            if (latest != null) {
                server.useCertificate(latest.certificatePem(), latest.privateKeyPem());
            }
        }
    }
}
