package dev.shipshape.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DeclaredKindTest {

    static Stream<Arguments> wellKnown() {
        return Stream.of(
                arguments("argoproj.io/v1alpha1/Rollout=spec.template", "argoproj.io", "v1alpha1", "Rollout",
                        "rollouts", "spec.template", false),
                arguments("serving.knative.dev/v1/Service=spec.template", "serving.knative.dev", "v1", "Service",
                        "services", "spec.template", false),
                arguments("apps.kruise.io/v1alpha1/CloneSet=spec.template", "apps.kruise.io", "v1alpha1", "CloneSet",
                        "clonesets", "spec.template", false),
                arguments("keda.sh/v1alpha1/ScaledJob=spec.jobTargetRef.template;batch", "keda.sh", "v1alpha1",
                        "ScaledJob", "scaledjobs", "spec.jobTargetRef.template", true),
                arguments(" example.com/v1/Policy:policies=spec.template ", "example.com", "v1", "Policy", "policies",
                        "spec.template", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellKnown")
    void parsesADeclaration(String declaration, String group, String version, String kind, String plural,
                            String templatePath, boolean batch) {
        DeclaredKind declared = DeclaredKind.parse(declaration);

        assertThat(declared.group()).isEqualTo(group);
        assertThat(declared.version()).isEqualTo(version);
        assertThat(declared.kind()).isEqualTo(kind);
        assertThat(declared.plural()).isEqualTo(plural);
        assertThat(declared.podTemplatePath().toString()).isEqualTo(templatePath);
        assertThat(declared.podSpecPath().toString()).isEqualTo(templatePath + ".spec");
        assertThat(declared.podMetadataPath().toString()).isEqualTo(templatePath + ".metadata");
        assertThat(declared.batch()).isEqualTo(batch);
        assertThat(DeclaredKind.parse(declared.declaration())).isEqualTo(declared);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("argoproj.io/v1alpha1/Rollout", "expected GROUP/VERSION/KIND"),
                arguments("argoproj.io/Rollout=spec.template", "expected GROUP/VERSION/KIND"),
                arguments("argoproj.io/v1alpha1/rollout=spec.template", "expected GROUP/VERSION/KIND"),
                arguments("argoproj.io/v1alpha1/Rollout=spec..template", "expected GROUP/VERSION/KIND"),
                arguments("apps/v1/Widget=spec.template", "the group apps has no dot"),
                arguments("", "expected GROUP/VERSION/KIND"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void refusesAMalformedDeclarationNamingIt(String declaration, String problem) {
        assertThatThrownBy(() -> DeclaredKind.parse(declaration)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + declaration + "\"").hasMessageContaining(problem);
    }

    @Test
    void aBuiltInKindCannotBeDeclared() {
        assertThat(WorkloadKinds.declared(List.of("apps.example.com/v1/Widget=spec.template",
                "widgets.example.com/v1/Deployment=spec.template")).declared()).as("same kind, other group").hasSize(2);
        assertThatThrownBy(() -> new WorkloadKinds(List.of(new DeclaredKind("apps", "v1", "Deployment",
                "deployments", FieldPath.of("spec", "template"), false))))
                .hasMessageContaining("is a built-in kind");
    }

    @Test
    void declaredKindsAreFoundByApiVersionAndKindOrByResourceBesideTheBuiltInOnes() {
        WorkloadKinds kinds = WorkloadKinds.declared(List.of("argoproj.io/v1alpha1/Rollout=spec.template"));

        assertThat(kinds.of("argoproj.io/v1alpha1", "Rollout")).get().extracting(WorkloadShape::plural)
                .isEqualTo("rollouts");
        assertThat(kinds.of("argoproj.io/v1", "Rollout")).as("any version of the group").isPresent();
        assertThat(kinds.of("example.com/v1", "Rollout")).isEmpty();
        assertThat(kinds.ofResource("argoproj.io", "rollouts")).get().extracting(WorkloadShape::kind)
                .isEqualTo("Rollout");
        assertThat(kinds.of("apps/v1", "Deployment")).contains(WorkloadKind.DEPLOYMENT);
        assertThat(WorkloadKinds.BUILT_IN.of("argoproj.io/v1alpha1", "Rollout")).isEmpty();
        assertThat(kinds.names()).contains("Deployment", "Rollout");
    }
}
