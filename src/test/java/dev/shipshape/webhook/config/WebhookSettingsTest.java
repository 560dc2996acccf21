package dev.shipshape.webhook.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSettingsTest {

    @Test
    void defaultsPointAtTheServiceInTheOperatorsNamespace() {
        WebhookSettings settings = WebhookSettings.from(TestOperatorConfig.defaults());

        assertThat(settings.address())
                .isEqualTo(new WebhookAddress.InClusterService("shipshape-system", "shipshape-webhook", 443));
        assertThat(settings.excludedNamespaces()).containsExactly("kube-system", "shipshape-system");
        assertThat(settings.timeoutSeconds()).isEqualTo(5);
    }

    @Test
    void configuredUrlReplacesTheService() {
        WebhookSettings settings = WebhookSettings.from(TestOperatorConfig.with(
                Map.of("shipshape.webhook.url", "https://127.0.0.1:8443")));

        assertThat(settings.address()).isEqualTo(new WebhookAddress.ExternalUrl("https://127.0.0.1:8443"));
    }

    @Test
    void configuredServiceAndNamespaceAreUsed() {
        WebhookSettings settings = WebhookSettings.from(TestOperatorConfig.with(Map.of(
                "shipshape.namespace", "security",
                "shipshape.webhook.service-name", "admission",
                "shipshape.webhook.service-port", "8443",
                "shipshape.webhook.timeout-seconds", "12")));

        assertThat(settings.address()).isEqualTo(new WebhookAddress.InClusterService("security", "admission", 8443));
        assertThat(settings.excludedNamespaces()).containsExactly("kube-system", "security");
        assertThat(settings.timeoutSeconds()).isEqualTo(12);
    }

    @Test
    void extraExcludedNamespacesJoinTheAlwaysExcludedOnes() {
        WebhookSettings settings = WebhookSettings.from(TestOperatorConfig.with(Map.of(
                "shipshape.webhook.excluded-namespaces", "monitoring,kube-system,cert-manager")));

        assertThat(settings.excludedNamespaces())
                .containsExactly("cert-manager", "kube-system", "monitoring", "shipshape-system");
    }

    @Test
    void timeoutOutsideWhatTheApiServerAcceptsIsRejected() {
        WebhookAddress address = new WebhookAddress.InClusterService("shipshape-system", "shipshape-webhook", 443);

        assertThatThrownBy(() -> new WebhookSettings(address, List.of("kube-system"), 31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 30");
        assertThatThrownBy(() -> new WebhookSettings(address, List.of("kube-system"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
