package dev.shipshape.webhook.config;

import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.OperatorConfig;
import dev.shipshape.cluster.DiscoveryFixture;
import dev.shipshape.cluster.ServedWorkloadResources;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.shipshape.cluster.DiscoveryFixture.KUBERNETES_1_20;
import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class WebhookConfigurationManagerTest {

    private static final String VALIDATING = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    private static final String MUTATING = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfirst\n-----END CERTIFICATE-----\n";
    private static final String RENEWED_CA_PEM =
            "-----BEGIN CERTIFICATE-----\nMIIBrenewed\n-----END CERTIFICATE-----\n";
    private static final PolicyModes NO_POLICIES = new PolicyModes(false, false, false);
    private static final PolicyModes ENFORCE = new PolicyModes(true, false, false);
    private static final PolicyModes ADVISORY_AND_MUTATE = new PolicyModes(false, true, true);
    private static final PolicyModes ALL = new PolicyModes(true, true, true);

    KubernetesMockServer server;
    KubernetesClient client;

    private RequestLog requests;

    @BeforeEach
    void setUp() {
        DiscoveryFixture.serve(server, KUBERNETES_1_20);
        requests = new RequestLog(server);
    }

    @Test
    void applyCreatesOnlyTheConfigurationsThePoliciesNeed() {
        manager(TestOperatorConfig.defaults()).apply(ENFORCE, CA_PEM);

        assertThat(validatingNames()).containsExactlyInAnyOrder("shipshape-enforce", "shipshape-policies");
        assertThat(mutatingNames()).isEmpty();
        ValidatingWebhookConfiguration stored = enforce().get();
        assertThat(stored.getWebhooks()).isEqualTo(desired(ENFORCE, CA_PEM).validating().get(0).getWebhooks());
        assertThat(stored.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(WebhookConfigurations.LABELS);
    }

    @Test
    void appliedConfigurationMatchesTheServedResourceVersions() {
        manager(TestOperatorConfig.defaults()).apply(ENFORCE, CA_PEM);

        assertThat(enforce().get().getWebhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
            assertThat(webhook.getRules()).anySatisfy(rule -> {
                assertThat(rule.getApiGroups()).containsExactly("batch");
                assertThat(rule.getApiVersions()).containsExactly("v1beta1");
                assertThat(rule.getResources()).containsExactly("cronjobs");
            });
        });
    }

    @Test
    void switchingModesCreatesTheNewConfigurationsBeforeDeletingTheOldOne() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ENFORCE, CA_PEM);
        requests.sinceLastCall();

        manager.apply(ADVISORY_AND_MUTATE, CA_PEM);

        assertThat(validatingNames()).containsExactlyInAnyOrder("shipshape-advisory", "shipshape-policies");
        assertThat(mutatingNames()).containsExactly("shipshape-mutate");
        assertThat(requests.writesSinceLastCall()).containsExactly(
                "POST " + VALIDATING,
                "POST " + MUTATING,
                "DELETE " + VALIDATING + "/shipshape-enforce");
    }

    @Test
    void removingTheLastPolicyDeletesEveryConfigurationForWorkloads() {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ALL, CA_PEM);

        manager.apply(PolicyModes.of(List.of(), false), CA_PEM);

        assertThat(validatingNames()).containsExactly("shipshape-policies");
        assertThat(mutatingNames()).isEmpty();
    }

    @Test
    void withoutPoliciesOnlyThePoliciesWebhookIsWrittenAndNothingDiscovered() throws InterruptedException {
        manager(TestOperatorConfig.defaults()).apply(NO_POLICIES, CA_PEM);

        assertThat(requests.sinceLastCall()).extracting(request -> request.getMethod() + " " + request.getPath())
                .containsExactlyInAnyOrder(
                        "GET " + VALIDATING + "/shipshape-policies",
                        "POST " + VALIDATING,
                        "GET " + VALIDATING + "/shipshape-enforce",
                        "GET " + VALIDATING + "/shipshape-advisory",
                        "GET " + MUTATING + "/shipshape-mutate");
    }

    @Test
    void thePoliciesWebhookIsInstalledAloneLeavingTheOthersAsTheyAre() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ENFORCE, CA_PEM);
        client.resources(ValidatingWebhookConfiguration.class).withName("shipshape-policies").delete();
        requests.sinceLastCall();

        manager.ensureOwnResourcesWebhook(CA_PEM);

        assertThat(validatingNames()).containsExactlyInAnyOrder("shipshape-enforce", "shipshape-policies");
        assertThat(requests.writesSinceLastCall()).containsExactly("POST " + VALIDATING);
        requests.sinceLastCall();
        manager.ensureOwnResourcesWebhook(CA_PEM);
        assertThat(requests.writesSinceLastCall()).isEmpty();
    }

    @Test
    void applyingAgainWithoutChangesWritesNothing() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ALL, CA_PEM);
        requests.sinceLastCall();

        manager.apply(ALL, CA_PEM);

        assertThat(requests.writesSinceLastCall()).isEmpty();
    }

    @Test
    void fieldsOnlyTheServerSetsCauseNoWrite() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ENFORCE, CA_PEM);
        enforce().edit(configuration -> {
            configuration.getMetadata().setAnnotations(Map.of("example.com/note", "added by someone"));
            configuration.getWebhooks().get(0).setObjectSelector(new LabelSelector());
            return configuration;
        });
        requests.sinceLastCall();

        manager.apply(ENFORCE, CA_PEM);

        assertThat(requests.writesSinceLastCall()).isEmpty();
    }

    @Test
    void configurationChangedBySomeoneElseIsRestored() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ENFORCE, CA_PEM);
        enforce().edit(configuration -> {
            configuration.getWebhooks().get(0).setFailurePolicy("Ignore");
            return configuration;
        });
        requests.sinceLastCall();

        manager.apply(ENFORCE, CA_PEM);

        assertThat(enforce().get().getWebhooks().get(0).getFailurePolicy()).isEqualTo("Fail");
        assertThat(requests.writesSinceLastCall()).containsExactly("PUT " + VALIDATING + "/shipshape-enforce");
    }

    @Test
    void changedSettingsUpdateTheExistingConfigurations() throws InterruptedException {
        manager(TestOperatorConfig.defaults()).apply(ADVISORY_AND_MUTATE, CA_PEM);
        requests.sinceLastCall();

        manager(TestOperatorConfig.with(Map.of("shipshape.webhook.timeout-seconds", "10")))
                .apply(ADVISORY_AND_MUTATE, CA_PEM);

        assertThat(advisory().get().getWebhooks().get(0).getTimeoutSeconds()).isEqualTo(10);
        assertThat(mutate().get().getWebhooks().get(0).getTimeoutSeconds()).isEqualTo(10);
        assertThat(requests.writesSinceLastCall()).containsExactly(
                "PUT " + VALIDATING + "/shipshape-advisory",
                "PUT " + MUTATING + "/shipshape-mutate",
                "PUT " + VALIDATING + "/shipshape-policies");
    }

    @Test
    void applyLabelsTheExcludedNamespacesForTheNamespaceSelector() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata()
                .build()).create();

        manager(TestOperatorConfig.defaults()).apply(ENFORCE, CA_PEM);

        assertThat(client.namespaces().withName("kube-system").get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/metadata.name", "kube-system");
    }

    @Test
    void updateCaBundleChangesOnlyTheCaBundleOfExistingConfigurations() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(new PolicyModes(true, false, true), CA_PEM);
        requests.sinceLastCall();

        manager.updateCaBundle(RENEWED_CA_PEM);

        WebhookConfigurationSet renewed = desired(new PolicyModes(true, false, true), RENEWED_CA_PEM);
        assertThat(enforce().get().getWebhooks()).isEqualTo(renewed.validating().get(0).getWebhooks());
        assertThat(mutate().get().getWebhooks()).isEqualTo(renewed.mutating().get(0).getWebhooks());
        assertThat(advisory().get()).isNull();
        assertThat(requests.writesSinceLastCall()).containsExactly(
                "PATCH " + VALIDATING + "/shipshape-enforce",
                "PATCH " + MUTATING + "/shipshape-mutate",
                "PATCH " + VALIDATING + "/shipshape-policies");
    }

    @Test
    void updateCaBundleWithTheCurrentBundleWritesNothing() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ALL, CA_PEM);
        requests.sinceLastCall();

        manager.updateCaBundle(CA_PEM);

        assertThat(requests.writesSinceLastCall()).isEmpty();
    }

    @Test
    void applyWithARenewedCaBundleUpdatesEveryConfiguration() throws InterruptedException {
        WebhookConfigurationManager manager = manager(TestOperatorConfig.defaults());
        manager.apply(ALL, CA_PEM);
        requests.sinceLastCall();

        manager.apply(ALL, RENEWED_CA_PEM);

        assertThat(requests.writesSinceLastCall()).hasSize(4).allSatisfy(write -> assertThat(write).startsWith("PUT "));
        assertThat(advisory().get().getWebhooks().get(0).getClientConfig().getCaBundle())
                .isEqualTo(WebhookConfigurations.encodeCaBundle(RENEWED_CA_PEM));
    }

    private WebhookConfigurationManager manager(OperatorConfig config) {
        return new WebhookConfigurationManager(client, config, new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN),
                new NamespaceLabels(client, config));
    }

    private WebhookConfigurationSet desired(PolicyModes modes, String caBundlePem) {
        return new WebhookConfigurations(WebhookSettings.from(TestOperatorConfig.defaults()))
                .desired(modes, new ServedWorkloadResources(client, WorkloadKinds.BUILT_IN).discover(), caBundlePem);
    }

    private List<String> validatingNames() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
                .map(configuration -> configuration.getMetadata().getName()).toList();
    }

    private List<String> mutatingNames() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                .map(configuration -> configuration.getMetadata().getName()).toList();
    }

    private Resource<ValidatingWebhookConfiguration> enforce() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("shipshape-enforce");
    }

    private Resource<ValidatingWebhookConfiguration> advisory() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("shipshape-advisory");
    }

    private Resource<MutatingWebhookConfiguration> mutate() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("shipshape-mutate");
    }
}
