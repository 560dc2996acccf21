package dev.shipshape.admissionpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.policy.checks.CheckFixtures;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated CEL costs the API server an amount linear in the number of containers, and a pod far beyond any real
 * one stays well within the budget the API server gives one policy evaluation. Cost is counted as the CEL nodes
 * evaluated (the API server's runtime cost charges about one unit per node, more for string functions on long
 * strings). The figures are written to target/admission-policy-cost.txt for docs/benchmarks.md.
 */
class AdmissionPolicyCostTest {

    /** {@code RuntimeCELCostBudget} of k8s.io/apiserver/pkg/apis/cel: per binding and request. */
    private static final long POLICY_BUDGET = 10_000_000;
    /** {@code PerCallLimit}: per expression. */
    private static final long EXPRESSION_LIMIT = 1_000_000;

    private static final String CONTAINER = """
            name: c
            image: registry.example.com/shop/app:latest
            ports: [{containerPort: 8080, hostPort: 8080}]
            env: [{name: LOG_LEVEL, value: info}]
            securityContext:
              privileged: true
              allowPrivilegeEscalation: true
              capabilities: {add: [SYS_ADMIN, NET_RAW]}
              seLinuxOptions: {type: spc_t, user: root}
              procMount: Unmasked
              seccompProfile: {type: Unconfined}
              appArmorProfile: {type: Unconfined}
            livenessProbe: {httpGet: {host: 10.0.0.1, port: 8080}}
            lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 8080}}}
            """;

    /** Nodes evaluated to decide an UPDATE of a pod with {@code containers} containers that violate everything. */
    private static long cost(ValidatingAdmissionPolicy policy, int containers) {
        return evaluation(policy, containers).evaluatedNodes();
    }

    private static CelAdmissionEvaluator.Evaluation evaluation(ValidatingAdmissionPolicy policy, int containers) {
        ObjectNode pod = CheckFixtures.tree("""
                apiVersion: v1
                kind: Pod
                metadata: {name: heavy, namespace: shop}
                spec:
                  hostNetwork: true
                  securityContext: {runAsUser: 0, sysctls: [{name: kernel.msgmax, value: "1"}]}
                  volumes: [{name: host, hostPath: {path: /}}]
                """);
        ArrayNode list = ((ObjectNode) pod.get("spec")).putArray("containers");
        for (int i = 0; i < containers; i++) {
            ObjectNode container = CheckFixtures.tree(CONTAINER);
            container.put("name", "c" + i);
            list.add(container);
        }
        JsonNode old = pod.deepCopy();
        ((ArrayNode) old.get("spec").get("containers")).remove(0);
        CelAdmissionEvaluator.Evaluation evaluation = new CelAdmissionEvaluator(policy).evaluateCounting(pod, old,
                CelAdmissionEvaluator.request("UPDATE", "shop", "", "v1", "Pod", "pods", ""));
        assertThat(evaluation.matches()).isTrue();
        assertThat(evaluation.failures()).isNotEmpty();
        return evaluation;
    }

    @Test
    void costGrowsLinearlyWithContainersAndStaysWithinTheBudget() throws IOException {
        CompiledPolicy hardened = AdmissionPolicyGeneratorTest.policy("{profile: hardened, mode: Enforce}");
        ValidatingAdmissionPolicy deny = new AdmissionPolicyGenerator(WorkloadKinds.BUILT_IN, Set.of("kube-system"))
                .generate(hardened, Instant.parse("2026-06-01T00:00:00Z")).policies().get(0);
        Map<Integer, Long> costs = new LinkedHashMap<>();
        for (int containers : new int[] {1, 10, 100, 1000}) {
            costs.put(containers, cost(deny, containers));
        }
        double perContainerSmall = (costs.get(10) - costs.get(1)) / 9.0;
        double perContainerLarge = (costs.get(1000) - costs.get(100)) / 900.0;

        assertThat(perContainerLarge).as("cost per container from 100 to 1,000 containers vs from 1 to 10")
                .isBetween(perContainerSmall * 0.9, perContainerSmall * 1.1);
        long containersWithinBudget = (long) ((POLICY_BUDGET - costs.get(1)) / perContainerLarge);
        assertThat(containersWithinBudget).as("containers a pod may have before the policy's CEL budget is spent")
                .isGreaterThan(1000);
        assertThat(costs.get(1000)).isLessThan(POLICY_BUDGET);
        Map.Entry<String, Long> costliest = evaluation(deny, 1000).costliestExpression();
        assertThat(costliest.getValue()).as("nodes of the costliest expression, %s", costliest.getKey())
                .isLessThan(EXPRESSION_LIMIT);

        StringBuilder report = new StringBuilder("hardened policy, Enforce (deny band, UPDATE: object and old object)"
                + ", every container violating every check\n");
        costs.forEach((containers, cost) -> report.append(containers).append(" containers: ").append(cost)
                .append(" nodes\n"));
        report.append(String.format("per container: %.0f nodes; budget %,d allows %,d containers; per-expression "
                        + "limit %,d; costliest expression at 1,000 containers: %s, %,d nodes%n", perContainerLarge,
                POLICY_BUDGET, containersWithinBudget, EXPRESSION_LIMIT, costliest.getKey(), costliest.getValue()));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "admission-policy-cost.txt"), report);
    }
}
