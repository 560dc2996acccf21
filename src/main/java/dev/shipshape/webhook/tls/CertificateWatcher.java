package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows the webhook's TLS Secret on every replica and hands each new valid certificate to the listeners, e.g. the
 * HTTPS server reloading its key pair. Invalid content is logged and skipped, so the previous certificate stays in
 * use; so does a deleted Secret. Exports the expiry of the current certificate as
 * {@code shipshape_certificate_expiry_timestamp_seconds} (NaN before the first certificate).
 */
@ApplicationScoped
public class CertificateWatcher {

    /** With no base unit, Prometheus naming exports this gauge as shipshape_certificate_expiry_timestamp_seconds. */
    public static final String EXPIRY_GAUGE = "shipshape.certificate.expiry.timestamp.seconds";

    private static final Logger LOG = Logger.getLogger(CertificateWatcher.class);

    private final KubernetesClient client;
    private final CertificateSecrets secrets;
    private final List<Consumer<WebhookCertificate>> listeners = new ArrayList<>();
    private WebhookCertificate current;
    private SharedIndexInformer<Secret> informer;

    @Inject
    public CertificateWatcher(KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
        this.client = client;
        this.secrets = new CertificateSecrets(config.namespace(), config.tls().secretName());
        Gauge.builder(EXPIRY_GAUGE, this, CertificateWatcher::expiryEpochSeconds)
                .description("When the webhook's serving certificate in use expires, in seconds since the epoch")
                .register(registry);
    }

    /**
     * Starts watching the Secret unless already watching; returns once the informer has listed it. Listeners hear of
     * an existing Secret's certificate on the informer's thread, possibly just after this returns.
     */
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = client.secrets().inNamespace(secrets.namespace()).withName(secrets.name())
                .inform(new SecretHandler(), 0);
    }

    @PreDestroy
    public synchronized void stop() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
    }

    /** Registers a listener and, when a certificate is already known, calls it with that one straight away. */
    public synchronized void addListener(Consumer<WebhookCertificate> listener) {
        listeners.add(listener);
        if (current != null) {
            notify(listener, current);
        }
    }

    public synchronized Optional<WebhookCertificate> current() {
        return Optional.ofNullable(current);
    }

    private synchronized void accept(WebhookCertificate certificate) {
        if (certificate.equals(current)) {
            return;
        }
        current = certificate;
        LOG.infof("Webhook certificate from Secret %s loaded; it expires at %s", secrets.reference(),
                certificate.notAfter());
        listeners.forEach(listener -> notify(listener, certificate));
    }

    private void notify(Consumer<WebhookCertificate> listener, WebhookCertificate certificate) {
        try {
            listener.accept(certificate);
        } catch (RuntimeException e) {
            LOG.errorf(e, "A listener failed to take the webhook certificate from Secret %s", secrets.reference());
        }
    }

    private double expiryEpochSeconds() {
        return current().map(certificate -> (double) certificate.notAfter().getEpochSecond()).orElse(Double.NaN);
    }

    private final class SecretHandler implements ResourceEventHandler<Secret> {

        @Override
        public void onAdd(Secret secret) {
            load(secret);
        }

        @Override
        public void onUpdate(Secret previous, Secret secret) {
            load(secret);
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {
            LOG.warnf("Secret %s was deleted; keeping the webhook certificate in use", secrets.reference());
        }

        private void load(Secret secret) {
            WebhookCertificate certificate;
            try {
                certificate = secrets.readCertificate(secret);
            } catch (CertificateSecretException e) {
                LOG.warnf("%s; keeping the webhook certificate in use", e.getMessage());
                return;
            }
            accept(certificate);
        }
    }
}
