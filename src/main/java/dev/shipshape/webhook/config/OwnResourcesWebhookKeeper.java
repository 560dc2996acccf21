package dev.shipshape.webhook.config;

import dev.shipshape.cluster.LeaderElection;
import dev.shipshape.webhook.tls.CertificateManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leader-only: installs the webhook that checks Shipshape's own resources as soon as the replica leads, so that the
 * first policy anyone applies is checked too (the webhooks controller keeps it from then on, with the others). A
 * failure (the API server unreachable, the certificate not there yet) is retried every {@link #RETRY}.
 */
@ApplicationScoped
public class OwnResourcesWebhookKeeper {

    static final Duration RETRY = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(OwnResourcesWebhookKeeper.class);

    private final CertificateManager certificates;
    private final WebhookConfigurationManager configurations;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shipshape-policies-webhook");
        thread.setDaemon(true);
        return thread;
    });

    public OwnResourcesWebhookKeeper(CertificateManager certificates, WebhookConfigurationManager configurations) {
        this.certificates = certificates;
        this.configurations = configurations;
    }

    void startLeading(@Observes LeaderElection.StartedLeading started) {
        scheduler.execute(this::install);
    }

    private void install() {
        try {
            configurations.ensureOwnResourcesWebhook(certificates.ensure(Instant.now()).caBundlePem());
        } catch (RuntimeException e) {
            LOG.warnf("Could not install the webhook for HardeningPolicies, trying again in %s: %s", RETRY,
                    e.getMessage());
            scheduler.schedule(this::install, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
