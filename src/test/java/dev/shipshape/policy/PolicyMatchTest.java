package dev.shipshape.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyMatchTest {

    /** {@code "a=1,b=2"} as a label map; {@code ""} is no labels. */
    private static Map<String, String> labels(String pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        Arrays.stream(pairs.split(",")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
            String[] keyValue = pair.split("=", 2);
            labels.put(keyValue[0], keyValue[1]);
        });
        return labels;
    }

    private static Workload workload(String kind, String namespace, String objectLabels) {
        return new Workload(new WorkloadRef("v1", kind, namespace, "web"), labels(objectLabels), Map.of(), null, null,
                FieldPath.of("spec", "template", "metadata"), FieldPath.of("spec", "template", "spec"), false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // match                                        kind          namespace   object labels  namespace labels  matches
                arguments("", "Deployment", "shop", "", "", true),
                arguments("namespaces: []", "Pod", "anything", "", "", true),
                arguments("namespaces: [shop]", "Deployment", "shop", "", "", true),
                arguments("namespaces: [shop]", "Deployment", "shop-2", "", "", false),
                arguments("namespaces: [\"team-*\"]", "Deployment", "team-a", "", "", true),
                arguments("namespaces: [\"team-*\"]", "Deployment", "team-", "", "", true),
                arguments("namespaces: [\"team-*\"]", "Deployment", "teams", "", "", false),
                arguments("namespaces: [\"team-?\"]", "Deployment", "team-ab", "", "", false),
                arguments("namespaces: [shop, \"team-*\"]", "Deployment", "team-b", "", "", true),
                arguments("namespaces: [\"*\"]", "Deployment", null, "", "", false),
                arguments("excludedNamespaces: [kube-system]", "Deployment", "kube-system", "", "", false),
                arguments("excludedNamespaces: [kube-system]", "Deployment", "kube-public", "", "", true),
                arguments("excludedNamespaces: [\"kube-*\"]", "Deployment", null, "", "", true),
                arguments("namespaces: [\"*\"], excludedNamespaces: [\"kube-*\"]", "Pod", "kube-system", "", "", false),
                arguments("namespaces: [\"*\"], excludedNamespaces: [\"kube-*\"]", "Pod", "default", "", "", true),
                arguments("kinds: [Deployment, StatefulSet]", "StatefulSet", "shop", "", "", true),
                arguments("kinds: [Deployment, StatefulSet]", "Pod", "shop", "", "", false),
                arguments("kinds: []", "CronJob", "shop", "", "", true),
                arguments("namespaceSelector: {}", "Pod", "shop", "", "", true),
                arguments("namespaceSelector: {matchLabels: {env: prod}}", "Pod", "shop", "", "env=prod,team=a", true),
                arguments("namespaceSelector: {matchLabels: {env: prod}}", "Pod", "shop", "env=prod", "env=dev", false),
                arguments("namespaceSelector: {matchLabels: {env: prod}}", "Pod", "shop", "", "", false),
                arguments("namespaceSelector: {matchLabels: {env: prod, team: a}}", "Pod", "shop", "", "env=prod", false),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod, staging]}]}",
                        "Pod", "shop", "", "env=staging", true),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod, staging]}]}",
                        "Pod", "shop", "", "env=dev", false),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod, staging]}]}",
                        "Pod", "shop", "", "", false),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}",
                        "Pod", "shop", "", "", true),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}",
                        "Pod", "shop", "", "env=dev", false),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}]}",
                        "Pod", "shop", "", "env=prod", true),
                arguments("namespaceSelector: {matchExpressions: [{key: shipshape.dev/ignore, operator: DoesNotExist}]}",
                        "Pod", "shop", "", "shipshape.dev/ignore=", false),
                arguments("namespaceSelector: {matchExpressions: [{key: shipshape.dev/ignore, operator: DoesNotExist}]}",
                        "Pod", "shop", "", "env=prod", true),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: Exists}]}",
                        "Pod", "shop", "", "env=", true),
                arguments("namespaceSelector: {matchExpressions: [{key: env, operator: Exists}]}",
                        "Pod", "shop", "", "team=a", false),
                arguments("namespaceSelector: {matchLabels: {env: prod}, matchExpressions: [{key: team, operator: Exists}]}",
                        "Pod", "shop", "", "env=prod", false),
                arguments("namespaceSelector: {matchLabels: {env: prod}, matchExpressions: [{key: team, operator: Exists}]}",
                        "Pod", "shop", "", "env=prod,team=a", true),
                arguments("objectSelector: {matchLabels: {app: web}}", "Deployment", "shop", "app=web", "app=other", true),
                arguments("objectSelector: {matchLabels: {app: web}}", "Deployment", "shop", "", "app=web", false),
                arguments("objectSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [debug]}]}",
                        "Deployment", "shop", "tier=debug", "", false),
                arguments("namespaces: [\"team-*\"], kinds: [Deployment], objectSelector: {matchLabels: {app: web}}, "
                        + "namespaceSelector: {matchLabels: {env: prod}}", "Deployment", "team-a", "app=web", "env=prod", true),
                arguments("namespaces: [\"team-*\"], kinds: [Deployment], objectSelector: {matchLabels: {app: web}}, "
                        + "namespaceSelector: {matchLabels: {env: prod}}", "Deployment", "team-a", "app=web", "env=dev", false));
    }

    @ParameterizedTest(name = "[{index}] match {0} on {1} in {2} labels [{3}] namespace labels [{4}] -> {5}")
    @MethodSource("cases")
    void matchesAsKubernetesSelectorsAndGlobsDo(String match, String kind, String namespace, String objectLabels,
                                                String namespaceLabels, boolean expected) {
        CompiledPolicy policy = PolicySpecs.compile("match: {" + match + "}");

        assertThat(policy.matches(workload(kind, namespace, objectLabels), labels(namespaceLabels)))
                .isEqualTo(expected);
    }

    @Test
    void missingNamespaceLabelsCountAsNoLabels() {
        Workload workload = workload("Pod", "shop", "");

        assertThat(PolicySpecs.compile("match: {namespaceSelector: {matchLabels: {env: prod}}}").matches(workload, null))
                .isFalse();
        assertThat(PolicySpecs.compile("match: {namespaceSelector: {matchExpressions: [{key: env, operator: "
                + "DoesNotExist}]}}").matches(workload, null)).isTrue();
    }
}
