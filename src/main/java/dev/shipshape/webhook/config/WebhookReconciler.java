package dev.shipshape.webhook.config;

import dev.shipshape.OperatorConfig;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.PolicyDeletion;
import dev.shipshape.webhook.tls.CertificateManager;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Leader-only: keeps the serving certificate and the webhook configurations in line with the policies. Every
 * event recomputes the whole picture from the cache; a deleted policy is cleaned up the same way (through the
 * operator's only finalizer on policies, this controller's), so deleting the last policy removes every webhook for workloads,
 * and announces the deletion ({@link PolicyDeletion}) to the rest of the leader before the finalizer goes. Changes to the certificate Secret
 * and to Shipshape's webhook configurations by anyone else (a deleted Secret, an edited caBundle) are events
 * too, so they are repaired within seconds rather than at the next scheduled check.
 */
// Generation-aware: a policy's status writes (the audit's, about once a second while workloads change) never touch
// the webhooks; spec changes, creation, deletion and changes of the Secret or configurations do.
@ControllerConfiguration(name = "webhooks")
public class WebhookReconciler implements Reconciler<HardeningPolicy>, Cleaner<HardeningPolicy> {

    private static final String MANAGED_BY_SHIPSHAPE = "app.kubernetes.io/managed-by=shipshape";

    private static final Logger LOG = Logger.getLogger(WebhookReconciler.class);

    private final CertificateManager certificates;
    private final WebhookConfigurationManager configurations;
    private final OperatorConfig config;
    private final Event<PolicyDeletion> deletions;
    private final AdmissionPolicySupport admissionPolicies;

    public WebhookReconciler(CertificateManager certificates, WebhookConfigurationManager configurations,
                             OperatorConfig config, Event<PolicyDeletion> deletions,
                             AdmissionPolicySupport admissionPolicies) {
        this.admissionPolicies = admissionPolicies;
        this.certificates = certificates;
        this.configurations = configurations;
        this.config = config;
        this.deletions = deletions;
    }

    @Override
    public List<EventSource<?, HardeningPolicy>> prepareEventSources(EventSourceContext<HardeningPolicy> context) {
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, HardeningPolicy.class)
                        .withName("webhook-certificate-secret")
                        .withNamespaces(Set.of(config.namespace()))
                        .withFieldSelector(new FieldSelector(
                                new FieldSelector.Field("metadata.name", config.tls().secretName())))
                        .withSecondaryToPrimaryMapper(anyPolicy(context)).build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration
                        .from(ValidatingWebhookConfiguration.class, HardeningPolicy.class)
                        .withName("validating-webhook-configurations")
                        .withLabelSelector(MANAGED_BY_SHIPSHAPE)
                        .withSecondaryToPrimaryMapper(anyPolicy(context)).build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration
                        .from(MutatingWebhookConfiguration.class, HardeningPolicy.class)
                        .withName("mutating-webhook-configurations")
                        .withLabelSelector(MANAGED_BY_SHIPSHAPE)
                        .withSecondaryToPrimaryMapper(anyPolicy(context)).build(), context));
    }

    /** One policy (the first by name) stands for all: each reconcile recomputes everything from the cache. */
    private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> anyPolicy(
            EventSourceContext<HardeningPolicy> context) {
        return changed -> context.getPrimaryCache().list()
                .min(Comparator.comparing(policy -> policy.getMetadata().getName()))
                .map(policy -> Set.of(ResourceID.fromResource(policy)))
                .orElse(Set.of());
    }

    @Override
    public UpdateControl<HardeningPolicy> reconcile(HardeningPolicy policy, Context<HardeningPolicy> context) {
        Instant now = Instant.now();
        WebhookCertificate certificate = sync(policy, context);
        return UpdateControl.<HardeningPolicy>noUpdate()
                .rescheduleAfter(Duration.between(now, certificates.nextCheck(certificate, now)));
    }

    @Override
    public DeleteControl cleanup(HardeningPolicy policy, Context<HardeningPolicy> context) {
        sync(policy, context);
        deletions.fire(new PolicyDeletion(policy));
        return DeleteControl.defaultDelete();
    }

    /**
     * Applies what the policies in the cache need; returns the certificate, which the webhook for Shipshape's own
     * resources always needs.
     */
    private WebhookCertificate sync(HardeningPolicy trigger, Context<HardeningPolicy> context) {
        List<HardeningPolicy> policies = context.getPrimaryCache().list().toList();
        PolicyModes modes = PolicyModes.of(policies, admissionPolicies.served());
        LOG.debugf("webhooks after an event on policy %s: %s", trigger.getMetadata().getName(), modes);
        WebhookCertificate certificate = certificates.ensure(Instant.now());
        configurations.apply(modes, certificate.caBundlePem());
        return certificate;
    }
}
