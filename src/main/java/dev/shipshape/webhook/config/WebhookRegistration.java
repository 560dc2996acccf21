package dev.shipshape.webhook.config;

import dev.shipshape.webhook.WebhookKind;

/** How each webhook the operator serves is registered with the API server: one webhook configuration each. */
public enum WebhookRegistration {
    /** Fails closed: an enforcing policy must not be bypassed while the operator is down. */
    ENFORCE(WebhookKind.ENFORCE, "shipshape-enforce", "enforce.shipshape.dev", "Fail"),
    /** Fails open, so an outage of the operator never blocks a cluster that only warns or audits. */
    ADVISORY(WebhookKind.ADVISORY, "shipshape-advisory", "advisory.shipshape.dev", "Ignore"),
    MUTATE(WebhookKind.MUTATE, "shipshape-mutate", "mutate.shipshape.dev", "Ignore");

    private final WebhookKind kind;
    private final String configurationName;
    private final String webhookName;
    private final String failurePolicy;

    WebhookRegistration(WebhookKind kind, String configurationName, String webhookName, String failurePolicy) {
        this.kind = kind;
        this.configurationName = configurationName;
        this.webhookName = webhookName;
        this.failurePolicy = failurePolicy;
    }

    public WebhookKind kind() {
        return kind;
    }

    /** The name of the (cluster-scoped) Validating- or MutatingWebhookConfiguration. */
    public String configurationName() {
        return configurationName;
    }

    /** The webhook's name inside its configuration, as the API server reports it in errors and metrics. */
    public String webhookName() {
        return webhookName;
    }

    /** The HTTPS path the API server posts AdmissionReviews to. */
    public String path() {
        return kind.path();
    }

    public String failurePolicy() {
        return failurePolicy;
    }

    /** True for the MutatingWebhookConfiguration, false for the ValidatingWebhookConfigurations. */
    public boolean mutating() {
        return kind == WebhookKind.MUTATE;
    }
}
