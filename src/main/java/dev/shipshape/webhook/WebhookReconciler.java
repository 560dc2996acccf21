package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.webhook.config.PolicyModes;
import dev.shipshape.webhook.config.WebhookConfigurationManager;
import dev.shipshape.webhook.tls.CertificateManager;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leader-only: keeps the serving certificate and the webhook configurations in line with the policies. Every
 * event recomputes the whole picture from the cache; a deleted policy is cleaned up the same way (through the
 * operator's finalizer), so deleting the last policy removes every webhook.
 */
@ControllerConfiguration(name = "webhooks", generationAwareEventProcessing = false)
public class WebhookReconciler implements Reconciler<HardeningPolicy>, Cleaner<HardeningPolicy> {

    private static final Logger LOG = Logger.getLogger(WebhookReconciler.class);

    private final CertificateManager certificates;
    private final WebhookConfigurationManager configurations;

    public WebhookReconciler(CertificateManager certificates, WebhookConfigurationManager configurations) {
        this.certificates = certificates;
        this.configurations = configurations;
    }

    @Override
    public UpdateControl<HardeningPolicy> reconcile(HardeningPolicy policy, Context<HardeningPolicy> context) {
        Instant now = Instant.now();
        return sync(policy, context)
                .map(certificate -> UpdateControl.<HardeningPolicy>noUpdate()
                        .rescheduleAfter(Duration.between(now, certificates.nextCheck(certificate, now))))
                .orElseGet(UpdateControl::noUpdate);
    }

    @Override
    public DeleteControl cleanup(HardeningPolicy policy, Context<HardeningPolicy> context) {
        sync(policy, context);
        return DeleteControl.defaultDelete();
    }

    /** Applies what the policies in the cache need; returns the certificate when some webhook is needed. */
    private Optional<WebhookCertificate> sync(HardeningPolicy trigger, Context<HardeningPolicy> context) {
        List<HardeningPolicy> policies = context.getPrimaryCache().list().toList();
        PolicyModes modes = PolicyModes.of(policies);
        LOG.debugf("webhooks after an event on policy %s: %s", trigger.getMetadata().getName(), modes);
        if (!modes.anyEnforce() && !modes.anyAdvisory() && !modes.anyMutate()) {
            configurations.apply(modes, "");
            return Optional.empty();
        }
        WebhookCertificate certificate = certificates.ensure(Instant.now());
        configurations.apply(modes, certificate.caBundlePem());
        return Optional.of(certificate);
    }
}
