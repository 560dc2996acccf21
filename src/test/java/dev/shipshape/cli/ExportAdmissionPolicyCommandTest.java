package dev.shipshape.cli;

import dev.shipshape.admissionpolicy.CelAdmissionEvaluator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shipshape export admission-policy}: the objects GitOps users apply without the operator. */
class ExportAdmissionPolicyCommandTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "restricted", "hardened"})
    void theShippedPoliciesOfEachProfileAreWhatTheCommandPrints(String profile) throws IOException {
        CliRunner.Result result = CliRunner.run(ROOT, "export", "admission-policy", "--profile", profile);

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(Path.of("deploy", "admission-policies", profile + ".yaml")))
                .as("deploy/admission-policies/%s.yaml is stale: run make docs", profile)
                .isEqualTo(result.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "restricted", "hardened"})
    void theShippedPoliciesAreAdmissionRegistrationObjectsWhoseCelCompiles(String profile) throws IOException {
        List<HasMetadata> objects = objects(Files.readString(Path.of("deploy", "admission-policies",
                profile + ".yaml")));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ValidatingAdmissionPolicy",
                "ValidatingAdmissionPolicyBinding");
        ValidatingAdmissionPolicy policy = (ValidatingAdmissionPolicy) objects.get(0);
        assertThat(policy.getSpec().getValidations()).isNotEmpty();
        assertThat(new CelAdmissionEvaluator(policy).variableNames()).contains("spec", "containers");
        assertThat(((ValidatingAdmissionPolicyBinding) objects.get(1)).getSpec().getValidationActions())
                .containsExactly("Deny");
    }

    @Test
    void aPolicyFileKeepsItsModeAndNamesWhatOnlyTheWebhookDecides() {
        CliRunner.Result result = CliRunner.run(ROOT, "export", "admission-policy", "--policy",
                "deploy/samples/policies/hardened-warn.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("network-policy is not in the admission policies")
                .doesNotContain("secret-env-literals");
        assertThat(result.out()).contains("# Not decided here (only Shipshape's webhook decides it): network-policy");
        List<HasMetadata> objects = objects(result.out());
        assertThat(objects).extracting(object -> object.getMetadata().getName())
                .containsExactly("shipshape-hardened-warn-warn", "shipshape-hardened-warn-warn");
    }

    @Test
    void modeAndDenySeverityOverrideAndSplitTheChecks() {
        CliRunner.Result result = CliRunner.run(ROOT, "export", "admission-policy", "--profile", "restricted",
                "--deny-severity", "critical", "--exclude-namespace", "platform");

        assertThat(result.exitCode()).isZero();
        List<HasMetadata> objects = objects(result.out());
        assertThat(objects).extracting(object -> object.getMetadata().getName()).containsExactly(
                "shipshape-restricted-deny", "shipshape-restricted-deny", "shipshape-restricted-warn",
                "shipshape-restricted-warn");
        assertThat(result.out()).contains("!(request.namespace in ['kube-system', 'platform'])");

        CliRunner.Result audit = CliRunner.run(ROOT, "export", "admission-policy", "--profile", "baseline",
                "--mode", "Audit");
        assertThat(objects(audit.out())).extracting(object -> object.getMetadata().getName())
                .containsExactly("shipshape-baseline-audit", "shipshape-baseline-audit");
    }

    @Test
    void anExemptionThatWillExpireIsAnnounced() {
        CliRunner.Result result = CliRunner.run(ROOT, "export", "admission-policy", "--policy",
                "deploy/samples/policies/hardened-enforce.yaml");

        assertThat(result.out()).contains("# An exemption in these policies expires at 2027-01-31T00:00:00Z");
        assertThat(result.out()).contains("object.metadata.name.matches('^postgres-(?s:.*)$')");
    }

    @Test
    void anInvalidPolicyOrAMissingWhatIsAnInputError(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("bad.yaml"), """
                apiVersion: shipshape.dev/v1alpha1
                kind: HardeningPolicy
                metadata: {name: bad}
                spec: {profile: strict}
                """);

        CliRunner.Result invalid = CliRunner.run(directory, "export", "admission-policy", "--policy", "bad.yaml");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("bad.yaml").contains("spec.profile");
        assertThat(invalid.out()).isEmpty();

        CliRunner.Result nothing = CliRunner.run(directory, "export");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("admission-policy");
    }

    private static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                KubernetesResource object = SERIALIZATION.unmarshal(document);
                objects.add((HasMetadata) object);
            }
        }
        return objects;
    }
}
