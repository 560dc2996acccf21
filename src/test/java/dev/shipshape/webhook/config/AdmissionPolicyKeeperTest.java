package dev.shipshape.webhook.config;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.PolicyCache;
import dev.shipshape.webhook.tls.TestConfigs;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keeper writes, fixes and deletes the generated ValidatingAdmissionPolicies and bindings through the API (a CRUD
 * mock server: Kubernetes 1.20, the only real API server here, serves none).
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionPolicyKeeperTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final YAMLMapper YAML = new YAMLMapper();

    KubernetesMockServer server;
    KubernetesClient client;

    private final List<CompiledPolicy> policies = new ArrayList<>();
    private boolean served = true;
    private AdmissionPolicyKeeper keeper;

    @BeforeEach
    void setUp() {
        PolicyCache cache = new PolicyCache(null, new AdmissionPolicySupport(null)) {
            @Override
            public List<CompiledPolicy> honouredPolicies() {
                return List.copyOf(policies);
            }

            @Override
            public boolean synced() {
                return true;
            }

            @Override
            public java.util.Optional<String> uid(String name) {
                return java.util.Optional.of("uid-of-" + name);
            }
        };
        AdmissionPolicySupport support = new AdmissionPolicySupport(null) {
            @Override
            public boolean served() {
                return served;
            }
        };
        keeper = new AdmissionPolicyKeeper(client, cache, support,
                TestConfigs.operatorConfig(Map.of("shipshape.namespace", "shipshape-system")), WorkloadKinds.BUILT_IN);
    }

    private static CompiledPolicy policy(String name, String specYaml) {
        try {
            return PolicyCompiler.compile(name, 1, YAML.readValue(specYaml, HardeningPolicySpec.class));
        } catch (InvalidPolicyException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> policyNames() {
        return client.resources(ValidatingAdmissionPolicy.class).list().getItems().stream()
                .map(policy -> policy.getMetadata().getName()).sorted().toList();
    }

    private List<String> bindingNames() {
        return client.resources(ValidatingAdmissionPolicyBinding.class).list().getItems().stream()
                .map(binding -> binding.getMetadata().getName()).sorted().toList();
    }

    @Test
    void writesWhatThePoliciesOnTheGeneratedPathCompileTo() {
        policies.add(policy("restricted", "{profile: restricted, mode: Enforce, denySeverity: critical}"));
        policies.add(policy("by-webhook", "{profile: baseline, mode: Enforce, enforcement: Webhook}"));

        keeper.sync(NOW);

        assertThat(policyNames()).containsExactly("shipshape-restricted-deny", "shipshape-restricted-warn");
        assertThat(bindingNames()).containsExactly("shipshape-restricted-deny", "shipshape-restricted-warn");
        ValidatingAdmissionPolicy deny = client.resources(ValidatingAdmissionPolicy.class)
                .withName("shipshape-restricted-deny").get();
        assertThat(deny.getSpec().getMatchConditions()).anySatisfy(condition -> assertThat(condition.getExpression())
                .contains("'shipshape-system'").contains("'kube-system'"));
        assertThat(client.resources(ValidatingAdmissionPolicyBinding.class).withName("shipshape-restricted-warn")
                .get().getSpec().getValidationActions()).containsExactly("Warn");
        assertThat(deny.getMetadata().getOwnerReferences()).as("deleted with its HardeningPolicy by the garbage "
                + "collector").singleElement().satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("HardeningPolicy");
                    assertThat(owner.getName()).isEqualTo("restricted");
                    assertThat(owner.getUid()).isEqualTo("uid-of-restricted");
                });
    }

    @Test
    void restoresAnEditedPolicyAndLeavesOthersAlone() {
        policies.add(policy("baseline", "{profile: baseline, mode: Enforce}"));
        keeper.sync(NOW);
        ValidatingAdmissionPolicy edited = client.resources(ValidatingAdmissionPolicy.class)
                .withName("shipshape-baseline-deny").get();
        int validations = edited.getSpec().getValidations().size();
        edited.getSpec().setValidations(List.of());
        client.resource(edited).update();
        client.resource(new ValidatingAdmissionPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("someone-elses").build())
                .withNewSpec().withFailurePolicy("Fail").endSpec().build()).create();

        keeper.sync(NOW);

        assertThat(client.resources(ValidatingAdmissionPolicy.class).withName("shipshape-baseline-deny").get()
                .getSpec().getValidations()).hasSize(validations);
        assertThat(policyNames()).containsExactly("shipshape-baseline-deny", "someone-elses");
    }

    @Test
    void deletesWhatNoPolicyNeedsAnyMore() {
        policies.add(policy("baseline", "{profile: baseline, mode: Enforce}"));
        policies.add(policy("hardened", "{profile: hardened, mode: Warn}"));
        keeper.sync(NOW);
        assertThat(policyNames()).containsExactly("shipshape-baseline-deny", "shipshape-hardened-warn");

        policies.set(0, policy("baseline", "{profile: baseline, mode: Enforce, enforcement: Webhook}"));
        policies.remove(1);
        keeper.sync(NOW);

        assertThat(policyNames()).isEmpty();
        assertThat(bindingNames()).isEmpty();
    }

    @Test
    void anExpiredExemptionLeavesTheGeneratedPolicyWhenItIsGeneratedAgain() {
        policies.add(policy("baseline", """
                profile: baseline
                mode: Enforce
                exemptions:
                - {checks: [privileged], namespaces: [lab], reason: r, expires: "2026-06-02T00:00:00Z"}
                """));
        keeper.sync(NOW);
        String before = client.resources(ValidatingAdmissionPolicy.class).withName("shipshape-baseline-deny").get()
                .getSpec().getVariables().toString();

        keeper.sync(Instant.parse("2026-06-02T00:00:00Z"));

        String after = client.resources(ValidatingAdmissionPolicy.class).withName("shipshape-baseline-deny").get()
                .getSpec().getVariables().toString();
        assertThat(before).contains("request.namespace == 'lab'");
        assertThat(after).doesNotContain("request.namespace == 'lab'");
    }

    @Test
    void writesNothingWhereTheApiServerServesNoAdmissionPolicies() {
        served = false;
        policies.add(policy("baseline", "{profile: baseline, mode: Enforce}"));

        keeper.sync(NOW);

        assertThat(server.getRequestCount()).isZero();
    }
}
