package dev.shipshape.api.v1alpha1;

import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** HardeningPolicy objects as the operator reads them, through fabric8's serialization. */
class HardeningPolicyTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static String documentedExample() throws IOException {
        String reference = Files.readString(Path.of("docs", "policy-reference.md"));
        int section = reference.indexOf("## Complete example");
        int start = reference.indexOf("```yaml\n", section) + "```yaml\n".length();
        return reference.substring(start, reference.indexOf("```", start));
    }

    @Test
    void documentedCompleteExampleIsAValidPolicy() throws IOException, InvalidPolicyException {
        HardeningPolicy policy = SERIALIZATION.unmarshal(documentedExample(), HardeningPolicy.class);

        assertThat(policy.getMetadata().getName()).isEqualTo("production");
        assertThat(policy.getSpec().getMode()).isEqualTo(Mode.Enforce);
        assertThat(policy.getSpec().getMatch().getNamespaceSelector().getMatchExpressions()).hasSize(1);
        assertThat(policy.getSpec().getExemptions()).extracting(PolicyExemption::getExpires)
                .containsExactly("2027-01-31T00:00:00Z", null);
        CompiledPolicy compiled = PolicyCompiler.compile(policy.getMetadata().getName(), policy.getSpec());
        assertThat(compiled.exemptions().all()).hasSize(2);
    }

    @Test
    void omittedFieldsTakeTheirDefaults() {
        HardeningPolicy policy = SERIALIZATION.unmarshal("""
                apiVersion: shipshape.dev/v1alpha1
                kind: HardeningPolicy
                metadata: {name: minimal}
                spec: {}
                """, HardeningPolicy.class);

        HardeningPolicySpec spec = policy.getSpec();
        assertThat(spec.getProfile()).isEqualTo(ProfileName.hardened);
        assertThat(spec.getMode()).isEqualTo(Mode.Audit);
        assertThat(spec.getDenySeverity()).isEqualTo(SeverityName.low);
        assertThat(spec.getMatch().getNamespaces()).isEmpty();
        assertThat(spec.getChecks()).isEmpty();
        assertThat(spec.getExemptions()).isEmpty();
        assertThat(spec.isAllowAnnotationExemptions()).isFalse();
        assertThat(spec.getRemediation().getAdmission()).isEqualTo(AdmissionRemediation.None);
        assertThat(spec.getRemediation().getExisting()).isEqualTo(ExistingRemediation.None);
        assertThat(policy.getStatus()).isNull();
    }

    @Test
    void objectWithoutSpecHasTheDefaultSpec() {
        HardeningPolicy policy = SERIALIZATION.unmarshal("""
                apiVersion: shipshape.dev/v1alpha1
                kind: HardeningPolicy
                metadata: {name: bare}
                """, HardeningPolicy.class);

        assertThat(policy.getSpec().getProfile()).isEqualTo(ProfileName.hardened);
    }

    @Test
    void statusWritesOnlyWhatIsSet() {
        HardeningPolicyStatus status = new HardeningPolicyStatus();
        status.setObservedGeneration(3L);
        Condition ready = new Condition();
        ready.setType("Ready");
        ready.setStatus(ConditionStatus.True);
        ready.setReason("Valid");
        ready.setLastTransitionTime("2026-06-01T00:00:00Z");
        status.getConditions().add(ready);

        assertThat(SERIALIZATION.asJson(status)).isEqualTo("{\"observedGeneration\":3,\"conditions\":[{\"type\":"
                + "\"Ready\",\"status\":\"True\",\"reason\":\"Valid\",\"lastTransitionTime\":\"2026-06-01T00:00:00Z\"}],"
                + "\"topViolations\":[]}");
    }
}
