package dev.shipshape.webhook;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What each webhook decides of each policy, with and without generated admission policies. */
class PolicyCacheSnapshotTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static CompiledPolicy policy(String name, String specYaml) {
        try {
            return PolicyCompiler.compile(name, YAML.readValue(specYaml, HardeningPolicySpec.class));
        } catch (InvalidPolicyException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> checks(CompiledPolicy policy) {
        return policy.checks().stream().map(ActiveCheck::id).toList();
    }

    @Test
    void withAdmissionPoliciesTheValidatingWebhooksKeepOnlyWhatCelCannotDecide() {
        List<CompiledPolicy> policies = List.of(
                policy("hardened", "{profile: hardened, mode: Enforce, remediation: {admission: Mutate}}"),
                policy("restricted", "{profile: restricted, mode: Enforce}"),
                policy("strict", "{profile: hardened, mode: Warn, enforcement: AdmissionPolicy}"),
                policy("classic", "{profile: baseline, mode: Warn, enforcement: Webhook}"));

        Map<WebhookKind, List<CompiledPolicy>> served = PolicyCache.snapshot(policies, true);

        assertThat(served.get(WebhookKind.ENFORCE)).singleElement().satisfies(policy -> {
            assertThat(policy.name()).isEqualTo("hardened");
            assertThat(checks(policy)).containsExactly("network-policy");
        });
        assertThat(served.get(WebhookKind.ADVISORY)).extracting(CompiledPolicy::name).containsExactly("classic");
        assertThat(checks(served.get(WebhookKind.ADVISORY).get(0))).isEqualTo(checks(policies.get(3)));
        assertThat(served.get(WebhookKind.MUTATE)).singleElement()
                .satisfies(policy -> assertThat(checks(policy)).isEqualTo(checks(policies.get(0))));
    }

    @Test
    void withoutAdmissionPoliciesTheWebhooksDecideEverything() {
        List<CompiledPolicy> policies = List.of(policy("restricted", "{profile: restricted, mode: Enforce}"),
                policy("strict", "{profile: hardened, mode: Warn, enforcement: AdmissionPolicy}"));

        Map<WebhookKind, List<CompiledPolicy>> served = PolicyCache.snapshot(policies, false);

        assertThat(served.get(WebhookKind.ENFORCE)).containsExactly(policies.get(0));
        assertThat(served.get(WebhookKind.ADVISORY)).containsExactly(policies.get(1));
    }
}
