package dev.shipshape.webhook.config;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;

/** Where the API server reaches the webhook server. */
public sealed interface WebhookAddress {

    /** The client config for one webhook path, trusting the base64-encoded CA bundle. */
    WebhookClientConfig clientConfig(String path, String caBundleBase64);

    /** The Service in front of the operator's pods, inside the cluster. */
    record InClusterService(String namespace, String name, int port) implements WebhookAddress {

        @Override
        public WebhookClientConfig clientConfig(String path, String caBundleBase64) {
            return new WebhookClientConfigBuilder()
                    .withNewService()
                    .withNamespace(namespace)
                    .withName(name)
                    .withPort(port)
                    .withPath(path)
                    .endService()
                    .withCaBundle(caBundleBase64)
                    .build();
        }
    }

    /** An HTTPS base URL, for an operator running outside the cluster. */
    record ExternalUrl(String baseUrl) implements WebhookAddress {

        public ExternalUrl {
            if (!baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("shipshape.webhook.url must start with https://, "
                        + "the API server calls webhooks over HTTPS only: " + baseUrl);
            }
            while (baseUrl.endsWith("/")) {
                baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
            }
        }

        @Override
        public WebhookClientConfig clientConfig(String path, String caBundleBase64) {
            return new WebhookClientConfigBuilder()
                    .withUrl(baseUrl + path)
                    .withCaBundle(caBundleBase64)
                    .build();
        }
    }
}
