package dev.shipshape.webhook.config;

import dev.shipshape.OperatorConfig;

import java.util.List;
import java.util.TreeSet;

/**
 * The operator settings that shape the webhook configurations.
 *
 * @param address            where the API server reaches the webhook server
 * @param excludedNamespaces namespaces never sent for review, sorted
 * @param timeoutSeconds     how long the API server waits for a review
 */
public record WebhookSettings(WebhookAddress address, List<String> excludedNamespaces, int timeoutSeconds) {

    public static final String KUBE_SYSTEM = "kube-system";

    public WebhookSettings {
        excludedNamespaces = List.copyOf(excludedNamespaces);
        if (timeoutSeconds < 1 || timeoutSeconds > 30) {
            throw new IllegalArgumentException(
                    "shipshape.webhook.timeout-seconds must be between 1 and 30, was " + timeoutSeconds);
        }
    }

    /** The operator's namespace and kube-system are always excluded, besides the configured namespaces. */
    public static WebhookSettings from(OperatorConfig config) {
        OperatorConfig.Webhook webhook = config.webhook();
        WebhookAddress address = webhook.url()
                .<WebhookAddress>map(WebhookAddress.ExternalUrl::new)
                .orElseGet(() -> new WebhookAddress.InClusterService(
                        config.namespace(), webhook.serviceName(), webhook.servicePort()));
        TreeSet<String> excluded = new TreeSet<>();
        excluded.add(config.namespace());
        excluded.add(KUBE_SYSTEM);
        webhook.excludedNamespaces().ifPresent(excluded::addAll);
        return new WebhookSettings(address, List.copyOf(excluded), webhook.timeoutSeconds());
    }
}
