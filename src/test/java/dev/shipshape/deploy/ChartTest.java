package dev.shipshape.deploy;

import dev.shipshape.policy.DeclaredKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.shipshape.deploy.DeployTools.find;
import static dev.shipshape.deploy.DeployTools.findOptional;
import static dev.shipshape.deploy.DeployTools.objects;
import static dev.shipshape.deploy.DeployTools.renderChart;
import static dev.shipshape.deploy.DeployTools.renderKustomization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The Helm chart, linted and rendered with its main value combinations. */
class ChartTest {

    @Test
    void lintsCleanInStrictMode() {
        DeployTools.Output lint = DeployTools.helm("lint", "--strict", DeployTools.CHART.toString());
        assertThat(lint.exitCode()).as(lint.out() + lint.err()).isZero();
    }

    @Test
    void defaultsInstallTwoHardenedReplicasWithSelfManagedTls() {
        List<HasMetadata> objects = objects(renderChart());

        assertThat(DeployTools.names(objects)).contains("CustomResourceDefinition/hardeningpolicies.shipshape.dev",
                "ServiceAccount/shipshape", "ClusterRole/shipshape", "ClusterRole/shipshape-remediation",
                "Role/shipshape", "Service/shipshape-webhook", "Service/shipshape-metrics",
                "PodDisruptionBudget/shipshape", "Deployment/shipshape");
        assertThat(objects).noneMatch(object -> List.of("ServiceMonitor", "PrometheusRule", "Certificate", "Issuer",
                "ConfigMap").contains(object.getKind()));
        assertThat(findOptional(objects, CustomResourceDefinition.class, "policyreports.wgpolicyk8s.io")).isEmpty();

        Deployment deployment = find(objects, Deployment.class, "shipshape");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("shipshape/operator:0.1.0");
        assertThat(env(deployment)).containsEntry("SHIPSHAPE_TLS_MODE", "self-managed")
                .containsEntry("SHIPSHAPE_TLS_SECRET_NAME", "shipshape-webhook-tls")
                .containsEntry("SHIPSHAPE_WEBHOOK_TIMEOUT_SECONDS", "5")
                .doesNotContainKey("SHIPSHAPE_WEBHOOK_EXCLUDED_NAMESPACES");
        assertThat(env(deployment).get("JAVA_TOOL_OPTIONS")).contains("-Xmx112m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
        List<PolicyRule> secretRules = find(objects, Role.class, "shipshape").getRules().stream()
                .filter(rule -> rule.getResources().contains("secrets")).toList();
        assertThat(secretRules).extracting(PolicyRule::getResourceNames, PolicyRule::getVerbs).containsExactly(
                tuple(List.of("shipshape-webhook-tls"), List.of("get", "list", "watch", "update")),
                tuple(List.of(), List.of("create")));
        assertThat(namespacesPatched(objects)).containsExactly("shipshape-system", "kube-system");
    }

    @Test
    void theRuntimeImageRunsTheJvmOptionsTheChartSets() throws Exception {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
        String chartOptions = env(find(objects(renderChart()), Deployment.class, "shipshape")).get("JAVA_TOOL_OPTIONS");
        assertThat(dockerfile.replaceAll("\\s*\\\\\\n\\s*", " ")).contains(chartOptions);
    }

    @Test
    void anExistingSecretIsOnlyRead() {
        List<HasMetadata> objects = objects(renderChart("--set", "tls.mode=secret", "--set", "tls.secretName=my-tls"));

        assertThat(env(find(objects, Deployment.class, "shipshape"))).containsEntry("SHIPSHAPE_TLS_MODE", "secret")
                .containsEntry("SHIPSHAPE_TLS_SECRET_NAME", "my-tls");
        assertThat(find(objects, Role.class, "shipshape").getRules())
                .filteredOn(rule -> rule.getResources().contains("secrets"))
                .extracting(PolicyRule::getResourceNames, PolicyRule::getVerbs)
                .containsExactly(tuple(List.of("my-tls"), List.of("get", "list", "watch")));
        assertThat(objects).noneMatch(object -> object.getKind().equals("Certificate"));
    }

    @Test
    void certManagerGetsACertificateForTheWebhookService() {
        List<HasMetadata> objects = objects(renderChart("--set", "tls.mode=cert-manager"));

        GenericKubernetesResource certificate = find(objects, GenericKubernetesResource.class, "shipshape-webhook");
        assertThat(certificate.getKind()).isEqualTo("Certificate");
        Map<String, Object> spec = certificate.get("spec");
        assertThat(spec).containsEntry("secretName", "shipshape-webhook-tls");
        assertThat(spec.get("dnsNames").toString()).contains("shipshape-webhook.shipshape-system.svc");
        assertThat(spec.get("issuerRef")).isEqualTo(Map.of("name", "shipshape-selfsigned", "kind", "Issuer"));
        assertThat(find(objects, GenericKubernetesResource.class, "shipshape-selfsigned").getKind()).isEqualTo("Issuer");
        assertThat(verbs(find(objects, Role.class, "shipshape").getRules(), "secrets"))
                .containsExactly("get", "list", "watch");

        List<HasMetadata> withIssuer = objects(renderChart("--set", "tls.mode=cert-manager",
                "--set", "tls.certManager.issuerRef.name=corp-ca", "--set", "tls.certManager.issuerRef.kind=ClusterIssuer"));
        assertThat(withIssuer).noneMatch(object -> object.getKind().equals("Issuer"));
        Map<String, Object> issuerRef = find(withIssuer, GenericKubernetesResource.class, "shipshape-webhook")
                .get("spec", "issuerRef");
        assertThat(issuerRef).containsEntry("name", "corp-ca").containsEntry("kind", "ClusterIssuer");
    }

    @Test
    void anUnknownTlsModeIsRefusedWithTheAllowedValues() {
        DeployTools.Output output = DeployTools.helm("template", "shipshape", DeployTools.CHART.toString(),
                "--set", "tls.mode=letsencrypt");
        assertThat(output.exitCode()).isNotZero();
        assertThat(output.err()).contains("tls.mode must be self-managed, secret or cert-manager, not \"letsencrypt\"");
    }

    @Test
    void webhookSettingsReachTheOperatorAndItsRbac() {
        List<HasMetadata> objects = objects(renderChart("--set", "webhook.timeoutSeconds=10",
                "--set", "webhook.excludedNamespaces={legacy,monitoring}", "--set", "replicaCount=3"));

        Deployment deployment = find(objects, Deployment.class, "shipshape");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(env(deployment)).containsEntry("SHIPSHAPE_WEBHOOK_TIMEOUT_SECONDS", "10")
                .containsEntry("SHIPSHAPE_WEBHOOK_EXCLUDED_NAMESPACES", "legacy,monitoring");
        assertThat(namespacesPatched(objects))
                .containsExactly("shipshape-system", "kube-system", "legacy", "monitoring");
    }

    @Test
    void declaredWorkloadKindsReachTheOperatorAndItsRbac() {
        List<HasMetadata> objects = objects(renderChart(
                "--set", "workloadKinds[0].group=argoproj.io", "--set", "workloadKinds[0].version=v1alpha1",
                "--set", "workloadKinds[0].kind=Rollout", "--set", "workloadKinds[0].templatePath=spec.template",
                "--set", "workloadKinds[1].group=keda.sh", "--set", "workloadKinds[1].version=v1alpha1",
                "--set", "workloadKinds[1].kind=ScaledJob", "--set", "workloadKinds[1].plural=scaledjobs",
                "--set", "workloadKinds[1].templatePath=spec.jobTargetRef.template",
                "--set", "workloadKinds[1].batch=true"));

        assertThat(env(find(objects, Deployment.class, "shipshape"))).containsEntry("SHIPSHAPE_WORKLOAD_KINDS",
                "argoproj.io/v1alpha1/Rollout:rollouts=spec.template,"
                        + "keda.sh/v1alpha1/ScaledJob:scaledjobs=spec.jobTargetRef.template;batch");
        List<PolicyRule> rules = find(objects, ClusterRole.class, "shipshape").getRules();
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("argoproj.io");
            assertThat(rule.getResources()).containsExactly("rollouts");
            assertThat(rule.getVerbs()).containsExactly("list", "watch");
        }).anySatisfy(rule -> assertThat(rule.getResources()).containsExactly("scaledjobs"));
        for (String declaration : env(find(objects, Deployment.class, "shipshape")).get("SHIPSHAPE_WORKLOAD_KINDS")
                .split(",")) {
            assertThat(DeclaredKind.parse(declaration).declaration()).as("what the operator reads")
                    .isEqualTo(declaration);
        }
        assertThat(env(find(objects(renderChart()), Deployment.class, "shipshape")))
                .doesNotContainKey("SHIPSHAPE_WORKLOAD_KINDS");
    }

    @Test
    void monitoringObjectsComeWithTheirValues() throws Exception {
        List<HasMetadata> objects = objects(renderChart("--set", "serviceMonitor.enabled=true",
                "--set", "prometheusRule.enabled=true", "--set", "prometheusRule.certificateExpiryDays=21",
                "--set", "grafanaDashboard.enabled=true"));

        assertThat(objects).filteredOn(object -> object.getKind().equals("ServiceMonitor")).hasSize(1);
        GenericKubernetesResource rule = objects.stream().filter(object -> object.getKind().equals("PrometheusRule"))
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) groups.get(0).get("rules");
        assertThat(alerts).extracting(alert -> alert.get("alert")).containsExactly("ShipshapeComplianceDrop",
                "ShipshapeCertificateExpiresSoon", "ShipshapeExemptionExpiring", "ShipshapeAdmissionErrors",
                "ShipshapeAdmissionSlow", "ShipshapeCheckBlocksDeploys");
        assertThat((String) alerts.get(5).get("expr"))
                .contains("shipshape_admission_findings_total{action=\"denied\"}").endsWith("> 20");
        assertThat((String) alerts.get(2).get("expr")).contains("shipshape_exemptions{state=\"expiring\"}");
        assertThat((String) alerts.get(1).get("expr")).endsWith("< 21");
        assertThat(((Map<?, ?>) alerts.get(0).get("annotations")).get("description").toString())
                .contains("{{ $value | humanizePercentage }}");

        ConfigMap dashboard = find(objects, ConfigMap.class, "shipshape-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("shipshape.json"));
        assertThat(json.path("uid").asText()).isEqualTo("shipshape");
        assertThat(json.path("panels").size()).isGreaterThanOrEqualTo(6);
        assertThat(json.path("panels").findValuesAsText("expr")).as("top blocking checks, exemptions by state")
                .anyMatch(expr -> expr.contains("shipshape_admission_findings_total{action=\"denied\""))
                .anyMatch(expr -> expr.contains("shipshape_exemptions{"));
    }

    @Test
    void optionalPartsCanBeSwitched() {
        List<HasMetadata> objects = objects(renderChart("--set", "rbac.remediateExisting=false",
                "--set", "policyReports.installCRD=true", "--set", "podDisruptionBudget.enabled=false",
                "--set", "openReports.installCRD=true", "--set", "reports.format=both",
                "--set", "rbac.exemptionEditor.aggregateToEdit=true"));

        assertThat(findOptional(objects, ClusterRole.class, "shipshape-remediation")).isEmpty();
        assertThat(findOptional(objects, CustomResourceDefinition.class, "policyreports.wgpolicyk8s.io")).isPresent();
        assertThat(findOptional(objects, CustomResourceDefinition.class, "reports.openreports.io")).isPresent();
        assertThat(findOptional(objects, CustomResourceDefinition.class, "clusterreports.openreports.io")).isPresent();
        assertThat(env(find(objects, Deployment.class, "shipshape"))).containsEntry("SHIPSHAPE_REPORTS_FORMAT", "both");
        assertThat(find(objects, ClusterRole.class, "shipshape-exemption-editor").getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        assertThat(objects).noneMatch(object -> object.getKind().equals("PodDisruptionBudget"));
    }

    @Test
    void theChartAndTheKustomizeInstallGrantTheSameRights() {
        List<HasMetadata> chart = objects(renderChart());
        List<HasMetadata> kustomize = objects(renderKustomization(DeployTools.INSTALL));

        for (String name : List.of("shipshape", "shipshape-remediation")) {
            assertThat(find(chart, ClusterRole.class, name).getRules())
                    .as("ClusterRole %s", name).isEqualTo(find(kustomize, ClusterRole.class, name).getRules());
        }
        assertThat(find(chart, Role.class, "shipshape").getRules())
                .isEqualTo(find(kustomize, Role.class, "shipshape").getRules());
        assertThat(find(chart, Deployment.class, "shipshape").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getSecurityContext())
                .isEqualTo(find(kustomize, Deployment.class, "shipshape").getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getSecurityContext());
        assertThat(env(find(chart, Deployment.class, "shipshape")).get("JAVA_TOOL_OPTIONS"))
                .isEqualTo(env(find(kustomize, Deployment.class, "shipshape")).get("JAVA_TOOL_OPTIONS"));
    }

    private static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static List<String> verbs(List<PolicyRule> rules, String resource) {
        return rules.stream().filter(rule -> rule.getResources().contains(resource)).findFirst()
                .map(PolicyRule::getVerbs).orElseThrow(() -> new AssertionError("no rule for " + resource));
    }

    private static List<String> namespacesPatched(List<HasMetadata> objects) {
        return find(objects, ClusterRole.class, "shipshape").getRules().stream()
                .filter(rule -> rule.getResources().contains("namespaces") && rule.getVerbs().contains("patch"))
                .findFirst().map(PolicyRule::getResourceNames).orElseThrow();
    }
}
