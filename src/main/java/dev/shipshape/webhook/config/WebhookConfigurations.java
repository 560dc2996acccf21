package dev.shipshape.webhook.config;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.cluster.ResourceRule;
import dev.shipshape.webhook.WebhookKind;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds the webhook configurations the policies need. Pure: no API calls. */
public final class WebhookConfigurations {

    public static final Map<String, String> LABELS = Map.of(
            KubernetesNames.MANAGED_BY_LABEL, KubernetesNames.MANAGED_BY,
            KubernetesNames.NAME_LABEL, KubernetesNames.MANAGED_BY);

    private static final String SCOPE = "Namespaced";
    private static final String SIDE_EFFECTS = "None";
    private static final String MATCH_POLICY = "Equivalent";
    private static final String REINVOCATION_POLICY = "IfNeeded";
    private static final String ADMISSION_REVIEW_VERSION = "v1";

    private final WebhookSettings settings;

    public WebhookConfigurations(WebhookSettings settings) {
        this.settings = settings;
    }

    /**
     * The configurations the policy modes need, each with one webhook matching the given resources and operations
     * outside the excluded namespaces, trusting the CA certificates in {@code caBundlePem}. The mutating webhook
     * leaves subresources out: it only fills in fields of whole objects.
     */
    public WebhookConfigurationSet desired(PolicyModes modes, List<ResourceRule> resources, String caBundlePem) {
        String caBundle = encodeCaBundle(caBundlePem);
        List<RuleWithOperations> rules = resources.stream().map(WebhookConfigurations::rule).toList();
        List<RuleWithOperations> objectRules = resources.stream().filter(resource -> !resource.subresource())
                .map(WebhookConfigurations::rule).toList();
        List<ValidatingWebhookConfiguration> validating = new ArrayList<>();
        List<MutatingWebhookConfiguration> mutating = new ArrayList<>();
        for (WebhookKind registration : WebhookKind.values()) {
            if (!modes.needs(registration)) {
                continue;
            }
            if (registration == WebhookKind.POLICIES) {
                validating.add(ownResourcesConfiguration(caBundle));
            } else if (registration.mutating()) {
                mutating.add(mutatingConfiguration(registration, objectRules, caBundle));
            } else {
                validating.add(validatingConfiguration(registration, rules, caBundle));
            }
        }
        return new WebhookConfigurationSet(validating, mutating);
    }

    /** The {@code caBundle} field's value: the PEM text, base64-encoded. */
    public static String encodeCaBundle(String caBundlePem) {
        return Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8));
    }

    private ValidatingWebhookConfiguration validatingConfiguration(WebhookKind registration,
                                                                   List<RuleWithOperations> rules, String caBundle) {
        return new ValidatingWebhookConfigurationBuilder()
                .withMetadata(metadata(registration))
                .addToWebhooks(new ValidatingWebhookBuilder()
                        .withName(registration.webhookName())
                        .withClientConfig(settings.address().clientConfig(registration.path(), caBundle))
                        .withRules(rules)
                        .withFailurePolicy(registration.failurePolicy())
                        .withMatchPolicy(MATCH_POLICY)
                        .withNamespaceSelector(namespaceSelector())
                        .withSideEffects(SIDE_EFFECTS)
                        .withTimeoutSeconds(settings.timeoutSeconds())
                        .withAdmissionReviewVersions(ADMISSION_REVIEW_VERSION)
                        .build())
                .build();
    }

    /**
     * The configuration of the webhook that checks Shipshape's own resources at apply: creates and updates of
     * HardeningPolicies and HardeningExemptions themselves (not of their status), in every namespace, failing open.
     */
    private ValidatingWebhookConfiguration ownResourcesConfiguration(String caBundle) {
        WebhookKind registration = WebhookKind.POLICIES;
        RuleWithOperations policies = new RuleWithOperationsBuilder()
                .withOperations("CREATE", "UPDATE")
                .withApiGroups(HardeningPolicy.GROUP)
                .withApiVersions("*")
                .withResources(HardeningPolicy.PLURAL)
                .withScope("Cluster")
                .build();
        RuleWithOperations exemptions = new RuleWithOperationsBuilder()
                .withOperations("CREATE", "UPDATE")
                .withApiGroups(HardeningPolicy.GROUP)
                .withApiVersions("*")
                .withResources(HardeningExemption.PLURAL)
                .withScope("Namespaced")
                .build();
        return new ValidatingWebhookConfigurationBuilder()
                .withMetadata(metadata(registration))
                .addToWebhooks(new ValidatingWebhookBuilder()
                        .withName(registration.webhookName())
                        .withClientConfig(settings.address().clientConfig(registration.path(), caBundle))
                        .withRules(policies, exemptions)
                        .withFailurePolicy(registration.failurePolicy())
                        .withMatchPolicy(MATCH_POLICY)
                        .withSideEffects(SIDE_EFFECTS)
                        .withTimeoutSeconds(settings.timeoutSeconds())
                        .withAdmissionReviewVersions(ADMISSION_REVIEW_VERSION)
                        .build())
                .build();
    }

    private MutatingWebhookConfiguration mutatingConfiguration(WebhookKind registration,
                                                               List<RuleWithOperations> rules, String caBundle) {
        return new MutatingWebhookConfigurationBuilder()
                .withMetadata(metadata(registration))
                .addToWebhooks(new MutatingWebhookBuilder()
                        .withName(registration.webhookName())
                        .withClientConfig(settings.address().clientConfig(registration.path(), caBundle))
                        .withRules(rules)
                        .withFailurePolicy(registration.failurePolicy())
                        .withMatchPolicy(MATCH_POLICY)
                        .withNamespaceSelector(namespaceSelector())
                        .withSideEffects(SIDE_EFFECTS)
                        .withTimeoutSeconds(settings.timeoutSeconds())
                        .withAdmissionReviewVersions(ADMISSION_REVIEW_VERSION)
                        .withReinvocationPolicy(REINVOCATION_POLICY)
                        .build())
                .build();
    }

    private static ObjectMeta metadata(WebhookKind registration) {
        return new ObjectMetaBuilder().withName(registration.configurationName()).withLabels(LABELS).build();
    }

    private static RuleWithOperations rule(ResourceRule resources) {
        return new RuleWithOperationsBuilder()
                .withOperations(resources.operations())
                .withApiGroups(resources.group())
                .withApiVersions(resources.versions())
                .withResources(resources.resources())
                .withScope(SCOPE)
                .build();
    }

    private LabelSelector namespaceSelector() {
        return new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey(KubernetesNames.NAMESPACE_NAME_LABEL)
                .withOperator("NotIn")
                .withValues(settings.excludedNamespaces())
                .endMatchExpression()
                .build();
    }
}
