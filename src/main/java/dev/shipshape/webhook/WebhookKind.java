package dev.shipshape.webhook;

import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.policy.PolicyActions;

/**
 * The admission webhooks the operator serves, three for workloads (each for its own subset of policies) and one for
 * Shipshape's own resources, and how each is registered with the API server: one webhook configuration each.
 */
public enum WebhookKind {
    /** Enforce-mode policies; fails closed: an enforcing policy must not be bypassed while the operator is down. */
    ENFORCE("enforce", "/validate/enforce", "shipshape-enforce", "enforce.shipshape.dev", "Fail"),
    /** Warn- and Audit-mode policies; fails open, so an outage of the operator never blocks. */
    ADVISORY("advisory", "/validate/advisory", "shipshape-advisory", "advisory.shipshape.dev", "Ignore"),
    /** Policies with {@code remediation.admission: Mutate}; fails open. */
    MUTATE("mutate", "/mutate", "shipshape-mutate", "mutate.shipshape.dev", "Ignore"),
    /**
     * HardeningPolicies, checked at apply as the operator compiles them; fails open, so an outage of the operator
     * never blocks editing policies (status reports an invalid policy applied meanwhile).
     */
    POLICIES("policies", "/validate/policies", "shipshape-policies", "policies.shipshape.dev", "Ignore");

    private final String label;
    private final String path;
    private final String configurationName;
    private final String webhookName;
    private final String failurePolicy;

    WebhookKind(String label, String path, String configurationName, String webhookName, String failurePolicy) {
        this.label = label;
        this.path = path;
        this.configurationName = configurationName;
        this.webhookName = webhookName;
        this.failurePolicy = failurePolicy;
    }

    /** The name of the (cluster-scoped) Validating- or MutatingWebhookConfiguration. */
    public String configurationName() {
        return configurationName;
    }

    /** The webhook's name inside its configuration, as the API server reports it in errors and metrics. */
    public String webhookName() {
        return webhookName;
    }

    public String failurePolicy() {
        return failurePolicy;
    }

    /** True for the MutatingWebhookConfiguration, false for the ValidatingWebhookConfigurations. */
    public boolean mutating() {
        return this == MUTATE;
    }

    /** The value of the {@code webhook} metrics label. */
    public String label() {
        return label;
    }

    /** The HTTPS path the API server posts AdmissionReviews to. */
    public String path() {
        return path;
    }

    /** Whether this webhook reviews workloads, as opposed to Shipshape's own resources. */
    public boolean reviewsWorkloads() {
        return this != POLICIES;
    }

    /** Whether a policy that does {@code actions} is served by this webhook. */
    public boolean serves(PolicyActions actions) {
        return switch (this) {
            case ENFORCE -> actions.mode() == Mode.Enforce;
            case ADVISORY -> actions.mode() != Mode.Enforce;
            case MUTATE -> actions.admission() == AdmissionRemediation.Mutate;
            case POLICIES -> false;
        };
    }
}
