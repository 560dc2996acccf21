package dev.shipshape.webhook.config;

import dev.shipshape.cluster.ResourceRule;
import dev.shipshape.webhook.WebhookKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WebhookConfigurationsTest {

    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final List<ResourceRule> RULES = List.of(
            new ResourceRule("", List.of("v1"), List.of("pods", "replicationcontrollers", "podtemplates"), ResourceRule.CREATE_AND_UPDATE),
            new ResourceRule("apps", List.of("v1"), List.of("deployments", "statefulsets"), ResourceRule.CREATE_AND_UPDATE),
            new ResourceRule("batch", List.of("v1"), List.of("jobs"), ResourceRule.CREATE_AND_UPDATE),
            new ResourceRule("batch", List.of("v1beta1"), List.of("cronjobs"), ResourceRule.CREATE_AND_UPDATE));
    private static final ResourceRule EPHEMERAL_CONTAINERS = new ResourceRule("", List.of("v1"),
            List.of("pods/ephemeralcontainers"), List.of("UPDATE"));
    private static final WebhookSettings IN_CLUSTER = new WebhookSettings(
            new WebhookAddress.InClusterService("shipshape-system", "shipshape-webhook", 443),
            List.of("kube-system", "monitoring", "shipshape-system"), 5);
    private static final PolicyModes ALL = new PolicyModes(true, true, true);

    static Stream<Arguments> modes() {
        return Stream.of(
                arguments(new PolicyModes(false, false, false), List.of("shipshape-policies"), List.of()),
                arguments(new PolicyModes(true, false, false), List.of("shipshape-enforce", "shipshape-policies"),
                        List.of()),
                arguments(new PolicyModes(false, true, false), List.of("shipshape-advisory", "shipshape-policies"),
                        List.of()),
                arguments(new PolicyModes(false, false, true), List.of("shipshape-policies"),
                        List.of("shipshape-mutate")),
                arguments(new PolicyModes(true, true, false),
                        List.of("shipshape-enforce", "shipshape-advisory", "shipshape-policies"), List.of()),
                arguments(new PolicyModes(true, false, true),
                        List.of("shipshape-enforce", "shipshape-policies"), List.of("shipshape-mutate")),
                arguments(new PolicyModes(false, true, true),
                        List.of("shipshape-advisory", "shipshape-policies"), List.of("shipshape-mutate")),
                arguments(ALL, List.of("shipshape-enforce", "shipshape-advisory", "shipshape-policies"),
                        List.of("shipshape-mutate")));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void eachModeCombinationGetsExactlyItsConfigurations(PolicyModes modes, List<String> validating,
                                                          List<String> mutating) {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(modes, RULES, CA_PEM);

        assertThat(desired.validating()).extracting(configuration -> configuration.getMetadata().getName())
                .containsExactlyElementsOf(validating);
        assertThat(desired.mutating()).extracting(configuration -> configuration.getMetadata().getName())
                .containsExactlyElementsOf(mutating);
    }

    @Test
    void enforcingWebhookFailsClosedAndAdvisoryOneFailsOpen() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        ValidatingWebhook enforce = validatingWebhook(desired, "shipshape-enforce");
        ValidatingWebhook advisory = validatingWebhook(desired, "shipshape-advisory");
        MutatingWebhook mutate = desired.mutating().get(0).getWebhooks().get(0);

        assertThat(enforce.getName()).isEqualTo("enforce.shipshape.dev");
        assertThat(enforce.getFailurePolicy()).isEqualTo("Fail");
        assertThat(enforce.getClientConfig().getService().getPath()).isEqualTo("/validate/enforce");
        assertThat(advisory.getName()).isEqualTo("advisory.shipshape.dev");
        assertThat(advisory.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(advisory.getClientConfig().getService().getPath()).isEqualTo("/validate/advisory");
        assertThat(mutate.getName()).isEqualTo("mutate.shipshape.dev");
        assertThat(mutate.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(mutate.getReinvocationPolicy()).isEqualTo("IfNeeded");
        assertThat(mutate.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    }

    @Test
    void everyWebhookSharesTheSameMatchingAndReviewSettings() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        List<ValidatingWebhook> validating = Stream.of("shipshape-enforce", "shipshape-advisory")
                .map(name -> validatingWebhook(desired, name)).toList();
        MutatingWebhook mutate = desired.mutating().get(0).getWebhooks().get(0);
        assertThat(validating).hasSize(2).allSatisfy(webhook -> {
            assertThat(webhook.getSideEffects()).isEqualTo("None");
            assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
            assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
            assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
            assertThat(webhook.getRules()).isEqualTo(mutate.getRules());
            assertThat(webhook.getNamespaceSelector()).isEqualTo(mutate.getNamespaceSelector());
        });
        assertThat(mutate.getSideEffects()).isEqualTo("None");
        assertThat(mutate.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(mutate.getMatchPolicy()).isEqualTo("Equivalent");
        assertThat(mutate.getTimeoutSeconds()).isEqualTo(5);
    }

    @Test
    void rulesMatchCreateAndUpdateOfEachDiscoveredResource() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        List<RuleWithOperations> rules = validatingWebhook(desired, "shipshape-enforce").getRules();
        assertThat(rules).hasSize(4).allSatisfy(rule -> {
            assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            assertThat(rule.getScope()).isEqualTo("Namespaced");
        });
        assertThat(rules).extracting(RuleWithOperations::getApiGroups, RuleWithOperations::getApiVersions,
                        RuleWithOperations::getResources)
                .containsExactly(
                        tuple(List.of(""), List.of("v1"),
                                List.of("pods", "replicationcontrollers", "podtemplates")),
                        tuple(List.of("apps"), List.of("v1"),
                                List.of("deployments", "statefulsets")),
                        tuple(List.of("batch"), List.of("v1"), List.of("jobs")),
                        tuple(List.of("batch"), List.of("v1beta1"), List.of("cronjobs")));
    }

    @Test
    void validatingWebhooksReviewNewEphemeralContainersAndTheMutatingOneLeavesThemAlone() {
        List<ResourceRule> rules = new java.util.ArrayList<>(RULES);
        rules.add(1, EPHEMERAL_CONTAINERS);
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, rules, CA_PEM);

        for (String validating : List.of("shipshape-enforce", "shipshape-advisory")) {
            assertThat(validatingWebhook(desired, validating).getRules()).hasSize(5).element(1)
                    .satisfies(rule -> {
                        assertThat(rule.getApiGroups()).containsExactly("");
                        assertThat(rule.getResources()).containsExactly("pods/ephemeralcontainers");
                        assertThat(rule.getOperations()).containsExactly("UPDATE");
                    });
        }
        assertThat(desired.mutating().get(0).getWebhooks().get(0).getRules()).hasSize(4)
                .noneMatch(rule -> rule.getResources().contains("pods/ephemeralcontainers"));
    }

    @Test
    void policiesAreCheckedAtApplyInEveryNamespaceFailingOpen() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER)
                .desired(new PolicyModes(false, false, false), List.of(), CA_PEM);

        ValidatingWebhook policies = validatingWebhook(desired, "shipshape-policies");
        assertThat(policies.getName()).isEqualTo("policies.shipshape.dev");
        assertThat(policies.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(policies.getClientConfig().getService().getPath()).isEqualTo("/validate/policies");
        assertThat(policies.getClientConfig().getCaBundle())
                .isEqualTo(Base64.getEncoder().encodeToString(CA_PEM.getBytes(StandardCharsets.UTF_8)));
        assertThat(policies.getNamespaceSelector()).isNull();
        assertThat(policies.getSideEffects()).isEqualTo("None");
        assertThat(policies.getTimeoutSeconds()).isEqualTo(5);
        assertThat(policies.getRules()).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("shipshape.dev");
            assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
        });
        assertThat(policies.getRules()).extracting(RuleWithOperations::getResources, RuleWithOperations::getScope)
                .containsExactly(tuple(List.of("hardeningpolicies"), "Cluster"),
                        tuple(List.of("hardeningexemptions"), "Namespaced"));
        assertThat(desired.configurationOf(WebhookKind.POLICIES)).isPresent();
    }

    @Test
    void excludedNamespacesAreLeftOutByName() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        ValidatingWebhook enforce = validatingWebhook(desired, "shipshape-enforce");
        assertThat(enforce.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(enforce.getNamespaceSelector().getMatchExpressions()).singleElement()
                .isEqualTo(new LabelSelectorRequirement("kubernetes.io/metadata.name", "NotIn",
                        List.of("kube-system", "monitoring", "shipshape-system")));
    }

    @Test
    void serviceClientConfigNamesTheServiceAndCarriesTheBase64CaBundle() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        WebhookClientConfig clientConfig = validatingWebhook(desired, "shipshape-advisory").getClientConfig();
        assertThat(clientConfig.getUrl()).isNull();
        assertThat(clientConfig.getService().getNamespace()).isEqualTo("shipshape-system");
        assertThat(clientConfig.getService().getName()).isEqualTo("shipshape-webhook");
        assertThat(clientConfig.getService().getPort()).isEqualTo(443);
        assertThat(new String(Base64.getDecoder().decode(clientConfig.getCaBundle()), StandardCharsets.UTF_8))
                .isEqualTo(CA_PEM);
    }

    @Test
    void urlClientConfigAppendsEachPathToTheBaseUrl() {
        WebhookSettings outOfCluster = new WebhookSettings(new WebhookAddress.ExternalUrl("https://10.0.0.5:8443/"),
                List.of("kube-system", "shipshape-system"), 10);

        WebhookConfigurationSet desired = new WebhookConfigurations(outOfCluster).desired(ALL, RULES, CA_PEM);

        WebhookClientConfig enforce = validatingWebhook(desired, "shipshape-enforce").getClientConfig();
        WebhookClientConfig mutate = desired.mutating().get(0).getWebhooks().get(0).getClientConfig();
        assertThat(enforce.getService()).isNull();
        assertThat(enforce.getUrl()).isEqualTo("https://10.0.0.5:8443/validate/enforce");
        assertThat(mutate.getUrl()).isEqualTo("https://10.0.0.5:8443/mutate");
        assertThat(enforce.getCaBundle()).isEqualTo(WebhookConfigurations.encodeCaBundle(CA_PEM));
    }

    @Test
    void plainHttpUrlIsRejected() {
        assertThatThrownBy(() -> new WebhookAddress.ExternalUrl("http://127.0.0.1:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://");
    }

    @Test
    void everyConfigurationCarriesTheOperatorsLabels() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER).desired(ALL, RULES, CA_PEM);

        assertThat(Stream.concat(desired.validating().stream(), desired.mutating().stream()))
                .hasSize(4)
                .allSatisfy(configuration -> assertThat(configuration.getMetadata().getLabels())
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                "app.kubernetes.io/managed-by", "shipshape", "app.kubernetes.io/name", "shipshape")));
    }

    @Test
    void configurationOfFindsTheDesiredConfigurationByWebhook() {
        WebhookConfigurationSet desired = new WebhookConfigurations(IN_CLUSTER)
                .desired(new PolicyModes(false, true, true), RULES, CA_PEM);

        assertThat(desired.configurationOf(WebhookKind.ENFORCE)).isEmpty();
        assertThat(desired.configurationOf(WebhookKind.ADVISORY)).get()
                .isInstanceOf(ValidatingWebhookConfiguration.class)
                .extracting(HasMetadata::getKind).isEqualTo("ValidatingWebhookConfiguration");
        assertThat(desired.configurationOf(WebhookKind.MUTATE)).get()
                .extracting(HasMetadata::getKind).isEqualTo("MutatingWebhookConfiguration");
    }

    private static ValidatingWebhook validatingWebhook(WebhookConfigurationSet desired, String configurationName) {
        return desired.validating().stream()
                .filter(configuration -> configuration.getMetadata().getName().equals(configurationName))
                .findFirst().orElseThrow()
                .getWebhooks().get(0);
    }
}
