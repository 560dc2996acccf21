package dev.shipshape.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.audit.Audit;
import dev.shipshape.audit.AuditMetrics;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.policy.Workload;
import dev.shipshape.webhook.AdmissionMetrics;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.workload.Workloads;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator's meters put into a Prometheus scrape after reviewing and auditing workloads full of
 * identifying and secret data: the documented series (docs/metrics.md) with their documented labels, whose values
 * come from closed sets, policy names and check ids, and nothing of the workloads or of who sent them.
 */
class MetricsExposureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static final String NAMESPACE = "tenant-acme-payroll";
    private static final String WORKLOAD = "salary-ledger-7f9c";
    private static final String CONTAINER = "ledger-writer";
    private static final String INIT_CONTAINER = "ledger-migrate";
    private static final String IMAGE = "registry.acme-internal.example/payroll/ledger:9.9.9-rc7";
    private static final String SERVICE_ACCOUNT = "payroll-runner";
    private static final String LABEL_VALUE = "cost-center-4711";
    private static final String ANNOTATION_VALUE = "owner-jane.doe";
    private static final String USER = "jane.doe@acme.example";
    private static final String UID = "9f1c2d3e-5a6b-4c7d-8e9f-0123456789ab";
    private static final String PASSWORD = "hunter2-Sup3rS3cret-Q7x";
    private static final String ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String PRIVATE_KEY = CertificateAuthority.generate(NOW).privateKeyPem();
    private static final String CUSTOM_RESOURCE = "ledgerwidgets";
    private static final String CUSTOM_GROUP = "payroll.acme.example";

    /** Strings from the workloads and requests that must not reach a scrape, each also in parts. */
    private static final List<String> NEVER_EXPOSED = List.of(NAMESPACE, "acme", "payroll", WORKLOAD, "salary",
            "7f9c", CONTAINER, INIT_CONTAINER, "ledger", IMAGE, "9.9.9-rc7", SERVICE_ACCOUNT, LABEL_VALUE, "4711",
            ANNOTATION_VALUE, "jane", USER, UID, "9f1c2d3e", PASSWORD, "hunter2", ACCESS_KEY, "EXAMPLEKEY",
            "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "TLS_PRIVATE_KEY", privateKeyLine(), "BEGIN PRIVATE KEY",
            CUSTOM_RESOURCE, "widgets");

    private static final Map<String, Set<String>> LABELS_BY_METRIC = Map.of(
            "shipshape_admission_held_body_bytes", Set.of(),
            "shipshape_admission_large_reviews_waiting", Set.of(),
            "shipshape_admission_reviews_total", Set.of("webhook", "operation", "kind", "decision"),
            "shipshape_admission_findings_total", Set.of("webhook", "policy", "check", "action"),
            "shipshape_admission_review_duration_seconds", Set.of("webhook"),
            "shipshape_policy_violations", Set.of("policy", "check", "severity"),
            "shipshape_policy_workloads", Set.of("policy", "status"),
            "shipshape_policy_compliance_ratio", Set.of("policy"),
            "shipshape_audit_duration_seconds", Set.of("scope"));
    private static final Set<String> POLICIES = Set.of("production", "staging", "observe");
    private static final Map<String, Set<String>> VALUES_BY_LABEL = Map.ofEntries(
            Map.entry("webhook", Set.of("enforce", "advisory", "mutate", "policies")),
            Map.entry("operation", Set.of("CREATE", "UPDATE", "DELETE", "CONNECT", "other")),
            Map.entry("kind", Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
                    "Job", "CronJob", "PodTemplate", "HardeningPolicy", "HardeningExemption", "other")),
            Map.entry("decision", Set.of("skipped", "allowed", "warned", "audited", "denied", "patched", "invalid")),
            Map.entry("policy", POLICIES),
            Map.entry("check", CheckCatalog.ids()),
            Map.entry("severity", Set.of("critical", "high", "medium", "low")),
            Map.entry("status", Set.of("compliant", "violating", "exempt")),
            Map.entry("scope", Set.of("policy", "workload")),
            Map.entry("action", Set.of("denied", "warned")));
    private static final Pattern SAMPLE = Pattern.compile("^(shipshape_[a-z_]+?)(_bucket|_count|_sum|_max)?"
            + "(?:\\{(.*)})? \\S+$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AdmissionMetrics admissionMetrics = new AdmissionMetrics(registry);
    private final AuditMetrics auditMetrics = new AuditMetrics(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void scrapeCarriesOnlyTheDocumentedLabelsAndNothingOfTheWorkloads() throws Exception {
        review();
        audit();

        String scrape = registry.scrape();
        Map<String, Set<String>> seenValues = new TreeMap<>();
        Set<String> seenMetrics = new TreeSet<>();
        for (String line : scrape.lines().filter(line -> line.startsWith("shipshape_")).toList()) {
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            String metric = sample.group(1);
            assertThat(LABELS_BY_METRIC).as(line).containsKey(metric);
            seenMetrics.add(metric);
            Map<String, String> labels = labels(sample.group(3));
            Set<String> expected = new TreeSet<>(LABELS_BY_METRIC.get(metric));
            if ("_bucket".equals(sample.group(2))) {
                expected.add("le");
            }
            assertThat(labels.keySet()).as(line).isEqualTo(expected);
            labels.forEach((label, value) -> {
                if (!label.equals("le")) {
                    assertThat(VALUES_BY_LABEL.get(label)).as(line).contains(value);
                    seenValues.computeIfAbsent(label, any -> new TreeSet<>()).add(value);
                }
            });
        }

        assertThat(seenMetrics).as("every documented series was exercised").isEqualTo(LABELS_BY_METRIC.keySet());
        assertThat(seenValues.get("decision")).as("every decision was exercised")
                .isEqualTo(VALUES_BY_LABEL.get("decision"));
        assertThat(seenValues.get("kind")).contains("Deployment", "Pod", "CronJob", "other");
        assertThat(seenValues.get("operation")).contains("CREATE", "UPDATE", "other");
        assertThat(seenValues.get("policy")).isEqualTo(POLICIES);
        assertThat(seenValues.get("check")).contains("secret-env-literals", "privileged");
        assertThat(seenValues.get("status")).contains("violating", "exempt");
        for (String secret : NEVER_EXPOSED) {
            assertThat(scrape).as("the scrape").doesNotContainIgnoringCase(secret);
        }
    }

    @Test
    void noMeterTagCarriesAnythingOfTheWorkloads() throws Exception {
        review();
        audit();

        List<Meter> meters = registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("shipshape.")).toList();
        assertThat(meters).isNotEmpty();
        for (Meter meter : meters) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(VALUES_BY_LABEL.get(tag.getKey())).as("%s", meter.getId()).contains(tag.getValue());
                for (String secret : NEVER_EXPOSED) {
                    assertThat(tag.getValue()).as("%s", meter.getId()).doesNotContainIgnoringCase(secret);
                }
            }
        }
    }

    /**
     * Reviews answered by the server: denied, warned, audited, patched, allowed, skipped (an odd operation, a
     * resource without pods) and invalid (a truncated body), each on every webhook.
     */
    private void review() throws Exception {
        CompiledPolicy production = admissionPolicy("production", Mode.Enforce, AdmissionRemediation.None);
        CompiledPolicy staging = admissionPolicy("staging", Mode.Warn, AdmissionRemediation.Mutate);
        CompiledPolicy observe = admissionPolicy("observe", Mode.Audit, AdmissionRemediation.None);
        Map<WebhookKind, List<CompiledPolicy>> policies = Map.of(
                WebhookKind.ENFORCE, List.of(production),
                WebhookKind.ADVISORY, List.of(staging, observe),
                WebhookKind.MUTATE, List.of(staging));
        String deployment = JSON.writeValueAsString(review("CREATE", "apps", "deployments", deployment()));
        List<String> bodies = List.of(deployment,
                JSON.writeValueAsString(review("CREATE", "", "pods", pod())),
                JSON.writeValueAsString(review("CREATE", "batch", "cronjobs", cronJob())),
                JSON.writeValueAsString(update(deployment())),
                JSON.writeValueAsString(review("CREATE", "", "pods", hardenedPod())),
                JSON.writeValueAsString(review("PATCH-" + WORKLOAD, "apps", "deployments", deployment())),
                JSON.writeValueAsString(review("CREATE", CUSTOM_GROUP, CUSTOM_RESOURCE, deployment())),
                deployment.substring(0, deployment.length() / 2));
        try (RunningAdmissionServer server = new RunningAdmissionServer(Map.of(), policies, admissionMetrics)) {
            for (WebhookKind webhook : WebhookKind.values()) {
                for (String body : bodies) {
                    assertThat(server.post(webhook, body).statusCode()).isIn(200, 400);
                }
            }
        }
    }

    /** The audit of existing workloads, published as the reconciler publishes it. */
    private void audit() throws Exception {
        Audit audit = new Audit(namespace -> Map.of("billing", LABEL_VALUE), Clock.fixed(NOW, ZoneOffset.UTC));
        for (String policy : POLICIES) {
            long started = System.nanoTime();
            audit.putPolicy(policy, TestPolicies.audited(compiled(policy), 1, false));
            auditMetrics.recordPolicyAudit(System.nanoTime() - started);
        }
        Map<String, JsonNode> workloads = new LinkedHashMap<>();
        workloads.put(NAMESPACE + "/Deployment/" + WORKLOAD, deployment());
        workloads.put(NAMESPACE + "/Pod/" + WORKLOAD, pod());
        workloads.put(NAMESPACE + "/CronJob/" + WORKLOAD, cronJob());
        workloads.put(NAMESPACE + "/Pod/" + WORKLOAD + "-hardened", hardenedPod());
        workloads.put(NAMESPACE + "/Pod/" + WORKLOAD + "-exempt", exemptPod());
        for (Map.Entry<String, JsonNode> entry : workloads.entrySet()) {
            Workload workload = Workloads.fromTree(entry.getValue()).orElseThrow();
            long started = System.nanoTime();
            audit.putWorkload(entry.getKey(), workload, UID);
            auditMetrics.recordWorkloadAudit(System.nanoTime() - started);
        }
        for (String policy : POLICIES) {
            auditMetrics.update(policy, audit.summary(policy).orElseThrow());
        }
    }

    private static CompiledPolicy admissionPolicy(String name, Mode mode, AdmissionRemediation admission)
            throws Exception {
        return TestPolicies.withActions(compiled(name), mode, admission);
    }

    /**
     * {@code staging} leaves Pods to {@code observe}, which exempts the workloads named {@code *-exempt} and
     * honours the exemption annotation.
     */
    private static CompiledPolicy compiled(String name) throws Exception {
        String spec = switch (name) {
            case "observe" -> """
                    {"profile": "restricted", "allowAnnotationExemptions": true,
                     "exemptions": [{"namespaces": ["%s"], "workloads": ["*-exempt"],
                       "reason": "%s asked for it"}]}
                    """.formatted(NAMESPACE, USER);
            case "staging" -> "{\"profile\": \"hardened\", \"match\": {\"kinds\": [\"Deployment\", \"CronJob\"]}}";
            default -> "{\"profile\": \"hardened\", \"match\": {\"namespaces\": [\"" + NAMESPACE + "\"]}}";
        };
        return PolicyCompiler.compile(name, JSON.readValue(spec, HardeningPolicySpec.class));
    }

    private static ObjectNode review(String operation, String group, String resource, JsonNode object) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", UID).put("namespace", NAMESPACE)
                .put("operation", operation).put("name", WORKLOAD);
        request.putObject("kind").put("group", group).put("version", "v1").put("kind", object.path("kind").asText());
        request.putObject("resource").put("group", group).put("version", "v1").put("resource", resource);
        request.putObject("userInfo").put("username", USER).put("uid", UID).putArray("groups").add(NAMESPACE);
        request.set("object", object);
        return review;
    }

    private static ObjectNode update(ObjectNode object) {
        ObjectNode previous = object.deepCopy();
        ((ObjectNode) previous.at("/spec/template/spec/containers/0/securityContext")).put("privileged", false);
        ObjectNode review = review("UPDATE", "apps", "deployments", object);
        ((ObjectNode) review.get("request")).set("oldObject", previous);
        return review;
    }

    private static ObjectNode deployment() {
        ObjectNode deployment = object("apps/v1", "Deployment");
        ObjectNode spec = deployment.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("app", WORKLOAD);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", WORKLOAD).put("billing", LABEL_VALUE);
        template.set("spec", podSpec(false));
        return deployment;
    }

    private static ObjectNode pod() {
        ObjectNode pod = object("v1", "Pod");
        pod.set("spec", podSpec(false));
        return pod;
    }

    private static ObjectNode hardenedPod() {
        ObjectNode pod = object("v1", "Pod");
        ((ObjectNode) pod.get("metadata")).put("name", WORKLOAD + "-hardened");
        pod.set("spec", podSpec(true));
        return pod;
    }

    private static ObjectNode exemptPod() {
        ObjectNode pod = pod();
        ((ObjectNode) pod.get("metadata")).put("name", WORKLOAD + "-exempt");
        return pod;
    }

    private static ObjectNode cronJob() {
        ObjectNode cronJob = object("batch/v1", "CronJob");
        ObjectNode spec = cronJob.putObject("spec").put("schedule", "@hourly");
        ObjectNode template = spec.putObject("jobTemplate").putObject("spec").putObject("template");
        template.putObject("metadata").putObject("labels").put("app", WORKLOAD);
        template.set("spec", podSpec(false).put("restartPolicy", "Never"));
        return cronJob;
    }

    private static ObjectNode object(String apiVersion, String kind) {
        ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", WORKLOAD).put("namespace", NAMESPACE)
                .put("uid", UID);
        metadata.putObject("labels").put("app", WORKLOAD).put("billing", LABEL_VALUE);
        metadata.putObject("annotations").put("owner", ANNOTATION_VALUE)
                .put("shipshape.dev/exempt", "read-only-root-filesystem");
        return object;
    }

    /** With {@code hardened}, a pod spec every check passes; otherwise one that fails many, secrets included. */
    private static ObjectNode podSpec(boolean hardened) {
        ObjectNode spec = JSON.createObjectNode().put("serviceAccountName", SERVICE_ACCOUNT);
        ObjectNode container = spec.putArray("containers").addObject().put("name", CONTAINER).put("image",
                hardened ? "registry.example.com/app@sha256:" + "a".repeat(64) : IMAGE);
        if (hardened) {
            spec.put("automountServiceAccountToken", false);
            spec.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", 1001)
                    .putObject("seccompProfile").put("type", "RuntimeDefault");
            container.putObject("securityContext").put("allowPrivilegeEscalation", false)
                    .put("readOnlyRootFilesystem", true).putObject("capabilities").putArray("drop").add("ALL");
            ObjectNode resources = container.putObject("resources");
            resources.putObject("requests").put("cpu", "100m").put("memory", "64Mi");
            resources.putObject("limits").put("cpu", "1").put("memory", "64Mi");
            container.putObject("livenessProbe").putObject("httpGet").put("path", "/").put("port", 8080);
            container.putObject("readinessProbe").putObject("httpGet").put("path", "/").put("port", 8080);
            return spec;
        }
        spec.putArray("initContainers").addObject().put("name", INIT_CONTAINER).put("image", IMAGE);
        container.putObject("securityContext").put("privileged", true).put("runAsUser", 0);
        var env = container.putArray("env");
        env.addObject().put("name", "DB_PASSWORD").put("value", PASSWORD);
        env.addObject().put("name", "AWS_SECRET_ACCESS_KEY").put("value", ACCESS_KEY);
        env.addObject().put("name", "TLS_PRIVATE_KEY").put("value", PRIVATE_KEY);
        return spec;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    private static String privateKeyLine() {
        return PRIVATE_KEY.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }
}
