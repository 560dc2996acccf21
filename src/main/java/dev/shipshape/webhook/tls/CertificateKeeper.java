package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import dev.shipshape.cluster.LeaderElection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leader-only, self-managed TLS: creates the certificate Secret as soon as the replica leads, before any policy
 * exists, and renews it on time from then on, so every replica serves admission (and is Ready) from the start
 * rather than from the first policy. A failure (the API server unreachable, a missing permission) is retried every
 * {@link #RETRY}. In the other TLS modes the Secret comes from elsewhere and is only read.
 */
@ApplicationScoped
public class CertificateKeeper {

    static final Duration RETRY = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(CertificateKeeper.class);

    private final CertificateManager certificates;
    private final boolean selfManaged;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shipshape-certificate");
        thread.setDaemon(true);
        return thread;
    });

    public CertificateKeeper(CertificateManager certificates, OperatorConfig config) {
        this.certificates = certificates;
        this.selfManaged = config.tls().mode() == OperatorConfig.TlsMode.SELF_MANAGED;
    }

    void startLeading(@Observes LeaderElection.StartedLeading started) {
        if (selfManaged) {
            scheduler.execute(this::keep);
        }
    }

    private void keep() {
        Instant now = Instant.now();
        Duration next;
        try {
            next = Duration.between(now, certificates.nextCheck(certificates.ensure(now), now));
        } catch (RuntimeException e) {
            LOG.warnf("Could not create or renew the webhook certificate, trying again in %s: %s", RETRY,
                    e.getMessage());
            next = RETRY;
        }
        scheduler.schedule(this::keep, next.toMillis(), TimeUnit.MILLISECONDS);
    }
}
