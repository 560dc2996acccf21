package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.Segmentation;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class NetworkPolicyCheckTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata:
                  labels: {app: web, tier: front}
                spec:
                  containers: [{name: app, image: 'web:1.0'}]
            """;

    private final NetworkPolicyCheck check = new NetworkPolicyCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                // description, NetworkPolicies of the namespace (null: not known), require, expected finding
                arguments("not known: nothing is decided", null, "ingress", null),
                arguments("no NetworkPolicy", List.of(), "ingress",
                        "no NetworkPolicy in namespace shop selects its pods {app=web, tier=front} for ingress"),
                arguments("a default deny for every pod", List.of(policy("deny-all", Map.of(), List.of())),
                        "ingress", null),
                arguments("one selecting the pods by a label", List.of(policy("web", Map.of("app", "web"), List.of())),
                        "ingress", null),
                arguments("one selecting other pods", List.of(policy("db", Map.of("app", "db"), List.of())),
                        "ingress",
                        "no NetworkPolicy in namespace shop selects its pods {app=web, tier=front} for ingress"),
                arguments("ingress only, egress required", List.of(policy("web", Map.of("app", "web"), List.of())),
                        "egress",
                        "no NetworkPolicy in namespace shop selects its pods {app=web, tier=front} for egress"),
                arguments("egress by policyTypes", List.of(policy("web", Map.of("app", "web"), List.of("Egress"))),
                        "egress", null),
                arguments("both required, only egress",
                        List.of(policy("web", Map.of("app", "web"), List.of("Egress"))), "both",
                        "no NetworkPolicy in namespace shop selects its pods {app=web, tier=front} for ingress"),
                arguments("both required, both by two policies", List.of(
                        policy("in", Map.of(), List.of("Ingress")), policy("out", Map.of("tier", "front"),
                                List.of("Egress"))), "both", null),
                arguments("both required, none", List.of(), "both",
                        "no NetworkPolicy in namespace shop selects its pods {app=web, tier=front} for ingress and "
                                + "egress"));
    }

    @ParameterizedTest(name = "{0}, require {2}")
    @MethodSource("cases")
    void podsMustBeSelectedForTheRequiredDirections(String description, List<NetworkPolicy> policies, String require,
                                                   String expected) {
        Check configured = check.withParams(CheckParams.of(check.descriptor(), Map.of("require", require)));
        Workload workload = workload(DEPLOYMENT).within(policies == null ? Segmentation.UNKNOWN
                : Segmentation.of(policies));

        assertThat(CheckFixtures.messages(configured, workload))
                .isEqualTo(expected == null ? List.of() : List.of(expected));
        if (expected != null) {
            assertThat(CheckFixtures.paths(configured, workload)).containsExactly("spec.template.metadata.labels");
        }
    }

    @Test
    void egressRulesWithoutPolicyTypesIsolateEgressToo() {
        NetworkPolicy withEgressRules = new NetworkPolicyBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().addNewEgress().endEgress().endSpec().build();
        Check egress = check.withParams(CheckParams.of(check.descriptor(), Map.of("require", "both")));

        assertThat(CheckFixtures.messages(egress, workload(DEPLOYMENT)
                .within(Segmentation.of(List.of(withEgressRules))))).isEmpty();
    }

    @Test
    void ingressIsTheDefaultAndTheCheckIsLowAndHardened() {
        assertThat(check.descriptor().param("require").orElseThrow().defaultValue()).isEqualTo("ingress");
        assertThat(check.descriptor().param("require").orElseThrow().validate("sideways")).isPresent();
        assertThat(check.descriptor().severity().id()).isEqualTo("low");
        assertThat(check.descriptor().profile().id()).isEqualTo("hardened");
        assertThat(check.descriptor().remediable()).isFalse();
    }

    private static NetworkPolicy policy(String name, Map<String, String> podLabels, List<String> types) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(podLabels).endPodSelector()
                .withPolicyTypes(types).endSpec().build();
    }
}
