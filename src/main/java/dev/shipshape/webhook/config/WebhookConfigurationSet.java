package dev.shipshape.webhook.config;

import dev.shipshape.webhook.WebhookKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The webhook configurations that should exist; every other Shipshape webhook configuration should not. */
public record WebhookConfigurationSet(List<ValidatingWebhookConfiguration> validating,
                                      List<MutatingWebhookConfiguration> mutating) {

    public WebhookConfigurationSet {
        validating = List.copyOf(validating);
        mutating = List.copyOf(mutating);
    }

    /** The desired configuration of the webhook, or empty when it should not exist. */
    public Optional<HasMetadata> configurationOf(WebhookKind registration) {
        return Stream.<HasMetadata>concat(validating.stream(), mutating.stream())
                .filter(configuration -> configuration.getMetadata().getName().equals(registration.configurationName()))
                .findFirst();
    }
}
