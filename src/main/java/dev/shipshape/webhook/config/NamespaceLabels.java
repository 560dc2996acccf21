package dev.shipshape.webhook.config;

import dev.shipshape.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

import static dev.shipshape.cluster.KubernetesNames.NAMESPACE_NAME_LABEL;

/**
 * Gives the excluded namespaces the {@code kubernetes.io/metadata.name} label the webhooks' namespaceSelector
 * relies on. The API server sets it on every namespace from Kubernetes 1.21; on 1.20 an unlabelled namespace
 * would match {@code NotIn} and be sent for review.
 */
@ApplicationScoped
public class NamespaceLabels {

    private static final Logger LOG = Logger.getLogger(NamespaceLabels.class);

    private final KubernetesClient client;
    private final List<String> excludedNamespaces;

    public NamespaceLabels(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.excludedNamespaces = WebhookSettings.from(config).excludedNamespaces();
    }

    /**
     * Adds the label to each existing excluded namespace that lacks it, leaving its other labels alone.
     * Namespaces that do not exist are skipped; a namespace that cannot be read or patched is logged and skipped.
     */
    public void ensureNameLabels() {
        for (String name : excludedNamespaces) {
            try {
                ensureNameLabel(name);
            } catch (KubernetesClientException e) {
                LOG.warnf("Could not label namespace %s with %s, the webhooks may be called for it: %s",
                        name, NAMESPACE_NAME_LABEL, e.getMessage());
            }
        }
    }

    private void ensureNameLabel(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        if (namespace == null) {
            LOG.debugf("Namespace %s does not exist, nothing to label", name);
            return;
        }
        Map<String, String> labels = namespace.getMetadata().getLabels();
        if (labels != null && name.equals(labels.get(NAMESPACE_NAME_LABEL))) {
            return;
        }
        String mergePatch = client.getKubernetesSerialization()
                .asJson(Map.of("metadata", Map.of("labels", Map.of(NAMESPACE_NAME_LABEL, name))));
        client.namespaces().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
        LOG.infof("Labelled namespace %s with %s=%s", name, NAMESPACE_NAME_LABEL, name);
    }
}
