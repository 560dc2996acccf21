package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.webhook.config.PolicyModes;
import dev.shipshape.webhook.config.WebhookConfigurationManager;
import dev.shipshape.webhook.tls.CertificateManager;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Leader-only: keeps the serving certificate and the webhook configurations in line with the policies. Any
 * policy event recomputes the whole picture from the cache, so deleting the last policy removes every
 * webhook; no finalizer is needed, and an operator outage never holds up a policy's deletion.
 */
@ControllerConfiguration(name = "webhooks", triggerReconcilerOnAllEvents = true,
        generationAwareEventProcessing = false)
public class WebhookReconciler implements Reconciler<HardeningPolicy> {

    private final CertificateManager certificates;
    private final WebhookConfigurationManager configurations;

    public WebhookReconciler(CertificateManager certificates, WebhookConfigurationManager configurations) {
        this.certificates = certificates;
        this.configurations = configurations;
    }

    @Override
    public UpdateControl<HardeningPolicy> reconcile(HardeningPolicy policy, Context<HardeningPolicy> context) {
        List<HardeningPolicy> policies = context.getPrimaryCache().list().toList();
        PolicyModes modes = PolicyModes.of(policies);
        if (!modes.anyEnforce() && !modes.anyAdvisory() && !modes.anyMutate()) {
            configurations.apply(modes, "");
            return UpdateControl.noUpdate();
        }
        Instant now = Instant.now();
        WebhookCertificate certificate = certificates.ensure(now);
        configurations.apply(modes, certificate.caBundlePem());
        UpdateControl<HardeningPolicy> noUpdate = UpdateControl.noUpdate();
        return noUpdate.rescheduleAfter(Duration.between(now, certificates.nextCheck(certificate, now)));
    }
}
