package dev.shipshape.webhook.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.OperatorConfig;
import dev.shipshape.cluster.ResourceRule;
import dev.shipshape.cluster.ServedWorkloadResources;
import dev.shipshape.webhook.WebhookKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the cluster's Shipshape webhook configurations equal to what the policies need: creates and updates the
 * needed ones, deletes the others, and writes nothing when they are already right. Writes are plain creates,
 * updates, patches and deletes, which every supported Kubernetes version accepts.
 */
@ApplicationScoped
public class WebhookConfigurationManager {

    private static final Logger LOG = Logger.getLogger(WebhookConfigurationManager.class);

    private final KubernetesClient client;
    private final WebhookConfigurations configurations;
    private final ServedWorkloadResources servedResources;
    private final NamespaceLabels namespaceLabels;

    public WebhookConfigurationManager(KubernetesClient client, OperatorConfig config,
                                       ServedWorkloadResources servedResources, NamespaceLabels namespaceLabels) {
        this.client = client;
        this.configurations = new WebhookConfigurations(WebhookSettings.from(config));
        this.servedResources = servedResources;
        this.namespaceLabels = namespaceLabels;
    }

    /**
     * Makes exactly the configurations the policy modes need exist, trusting {@code caBundlePem}. Needed
     * configurations are written before unneeded ones are deleted, so switching from Enforce to Warn never
     * leaves a moment without a webhook.
     */
    public synchronized void apply(PolicyModes modes, String caBundlePem) {
        Objects.requireNonNull(caBundlePem, "caBundlePem");
        boolean workloadsReviewed = Arrays.stream(WebhookKind.values()).filter(WebhookKind::reviewsWorkloads)
                .anyMatch(modes::needs);
        List<ResourceRule> rules = List.of();
        if (workloadsReviewed) {
            namespaceLabels.ensureNameLabels();
            rules = servedResources.discover();
        }
        WebhookConfigurationSet desired = configurations.desired(modes, rules, caBundlePem);
        for (WebhookKind registration : WebhookKind.values()) {
            desired.configurationOf(registration)
                    .ifPresent(configuration -> createOrUpdate(registration, configuration));
        }
        for (WebhookKind registration : WebhookKind.values()) {
            if (desired.configurationOf(registration).isEmpty()) {
                deleteIfPresent(registration);
            }
        }
    }

    /**
     * Makes the webhook for Shipshape's own resources exist, trusting {@code caBundlePem}, and touches no other: it is
     * needed before the first policy, when the leader starts, and the webhooks for workloads are the policies' to
     * decide.
     */
    public synchronized void ensureOwnResourcesWebhook(String caBundlePem) {
        configurations.desired(new PolicyModes(false, false, false), List.of(), caBundlePem)
                .configurationOf(WebhookKind.POLICIES)
                .ifPresent(configuration -> createOrUpdate(WebhookKind.POLICIES, configuration));
    }

    /** Sets the caBundle of every existing Shipshape webhook configuration, changing nothing else. */
    public synchronized void updateCaBundle(String caBundlePem) {
        String caBundle = WebhookConfigurations.encodeCaBundle(caBundlePem);
        for (WebhookKind registration : WebhookKind.values()) {
            Resource<? extends HasMetadata> resource = configurationResource(registration);
            Optional.ofNullable(resource.get())
                    .map(existing -> caBundlePatch(toTree(existing), caBundle))
                    .filter(patch -> !patch.isEmpty())
                    .ifPresent(patch -> {
                        resource.patch(PatchContext.of(PatchType.JSON),
                                client.getKubernetesSerialization().asJson(patch));
                        LOG.infof("Updated the CA bundle of %s", registration.configurationName());
                    });
        }
    }

    private void createOrUpdate(WebhookKind registration, HasMetadata desired) {
        HasMetadata existing = configurationResource(registration).get();
        if (existing == null) {
            client.resource(desired).create();
            LOG.infof("Created webhook configuration %s", registration.configurationName());
        } else if (!JsonContainment.contains(toTree(existing), toTree(desired))) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
            LOG.infof("Updated webhook configuration %s", registration.configurationName());
        }
    }

    private void deleteIfPresent(WebhookKind registration) {
        Resource<? extends HasMetadata> resource = configurationResource(registration);
        if (resource.get() != null) {
            resource.delete();
            LOG.infof("Deleted webhook configuration %s: no policy needs it", registration.configurationName());
        }
    }

    /** JSON patch operations setting the caBundle of each webhook that has another one; empty when none has. */
    private static List<Map<String, String>> caBundlePatch(JsonNode configuration, String caBundle) {
        List<Map<String, String>> operations = new ArrayList<>();
        JsonNode webhooks = configuration.path("webhooks");
        for (int i = 0; i < webhooks.size(); i++) {
            JsonNode webhook = webhooks.get(i);
            if (!caBundle.equals(webhook.path("clientConfig").path("caBundle").asText())) {
                // the test guards the index against a concurrent change of the webhook list
                operations.add(Map.of("op", "test", "path", "/webhooks/" + i + "/name",
                        "value", webhook.path("name").asText()));
                operations.add(Map.of("op", "add", "path", "/webhooks/" + i + "/clientConfig/caBundle",
                        "value", caBundle));
            }
        }
        return operations;
    }

    private Resource<? extends HasMetadata> configurationResource(WebhookKind registration) {
        Class<? extends HasMetadata> type = registration.mutating()
                ? MutatingWebhookConfiguration.class
                : ValidatingWebhookConfiguration.class;
        return client.resources(type).withName(registration.configurationName());
    }

    private JsonNode toTree(HasMetadata object) {
        return client.getKubernetesSerialization().convertValue(object, JsonNode.class);
    }
}
