package dev.shipshape.security;

import dev.shipshape.policy.WorkloadKinds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.audit.Audit;
import dev.shipshape.audit.PolicyReports;
import dev.shipshape.audit.ReportApi;
import dev.shipshape.audit.Verdict;
import dev.shipshape.audit.ViolationEvents;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.TestPolicies;
import dev.shipshape.webhook.AdmissionDecider;
import dev.shipshape.webhook.AdmissionOutcome;
import dev.shipshape.webhook.AdmissionRequest;
import dev.shipshape.webhook.AdmissionReviews;
import dev.shipshape.webhook.Decision;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.workload.Workloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator reads every workload's env values (that is how secret-env-literals finds literal secrets), but names
 * a literal secret only by its variable: the value reaches no admission answer (denial, warnings, JSON patch), no
 * PolicyReport and no Event.
 */
class SecretLiteralsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String NAMESPACE = "payments";
    private static final String PASSWORD = "hunter2-Sup3rS3cret-Q7x";
    private static final String ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String PRIVATE_KEY = CertificateAuthority.generate(NOW).privateKeyPem();

    private final AdmissionDecider decider = new AdmissionDecider(Set.of("shipshape-system", "kube-system"), 1000, WorkloadKinds.BUILT_IN);

    @Test
    void admissionAnswersNameTheVariableButNeverItsValue() throws Exception {
        List<String> answers = new ArrayList<>();
        AdmissionOutcome denied = decide(WebhookKind.ENFORCE, policy(Mode.Enforce, AdmissionRemediation.None));
        AdmissionOutcome warned = decide(WebhookKind.ADVISORY, policy(Mode.Warn, AdmissionRemediation.None));
        AdmissionOutcome patched = decide(WebhookKind.MUTATE, policy(Mode.Warn, AdmissionRemediation.Mutate));
        for (AdmissionOutcome outcome : List.of(denied, warned, patched)) {
            JsonNode response = JSON.readTree(AdmissionReviews.response("uid", outcome)).get("response");
            answers.add(response.toString());
            if (response.has("patch")) {
                answers.add(new String(Base64.getDecoder().decode(response.get("patch").asText()),
                        StandardCharsets.UTF_8));
            }
        }

        assertThat(denied.decision()).isEqualTo(Decision.DENIED);
        assertThat(denied.message()).contains("DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "TLS_PRIVATE_KEY");
        assertThat(warned.decision()).isEqualTo(Decision.WARNED);
        assertThat(String.join("\n", warned.warnings())).contains("DB_PASSWORD");
        assertThat(patched.decision()).isEqualTo(Decision.PATCHED);
        assertThat(answers).allSatisfy(SecretLiteralsTest::holdsNoSecretValue);
    }

    @Test
    void policyReportsAndEventsNameTheVariableButNeverItsValue() throws Exception {
        Audit audit = new Audit(namespace -> Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        CompiledPolicy policy = policy(Mode.Audit, AdmissionRemediation.None);
        audit.putPolicy("production", TestPolicies.audited(policy, 1, true));
        audit.putWorkload(NAMESPACE + "/Deployment/billing", Workloads.fromTree(deployment()).orElseThrow(), "uid");
        List<Verdict> verdicts = audit.verdictsByNamespace("production").get(NAMESPACE);

        String report = JSON.writeValueAsString(PolicyReports.build(ReportApi.POLICY_REPORT, "production", policy.denySeverity(),
                policy.checks().size(), NAMESPACE, verdicts, 100));
        String violation = JSON.writeValueAsString(ViolationEvents.violation("production", null, verdicts.get(0),
                NOW, "shipshape-0").orElseThrow());
        String remediation = JSON.writeValueAsString(ViolationEvents.remediated("production", verdicts.get(0), true,
                NOW, "shipshape-0"));

        assertThat(report).contains("DB_PASSWORD");
        assertThat(List.of(report, violation, remediation)).allSatisfy(SecretLiteralsTest::holdsNoSecretValue);
    }

    private static void holdsNoSecretValue(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(ACCESS_KEY).doesNotContain("EXAMPLEKEY")
                .doesNotContain("PRIVATE KEY-----");
        PRIVATE_KEY.lines().filter(line -> !line.startsWith("-----"))
                .forEach(line -> assertThat(text).doesNotContain(line));
    }

    private AdmissionOutcome decide(WebhookKind webhook, CompiledPolicy policy) throws Exception {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "uid").put("namespace", NAMESPACE)
                .put("operation", "CREATE");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments");
        request.set("object", deployment());
        AdmissionRequest admission = AdmissionReviews.read(JSON.writeValueAsBytes(review));
        return decider.decide(webhook, admission, List.of(policy), namespace -> Map.of(), OwnerLookup.NONE, NOW);
    }

    private static CompiledPolicy policy(Mode mode, AdmissionRemediation admission) throws Exception {
        CompiledPolicy compiled = PolicyCompiler.compile("production",
                JSON.readValue("{\"profile\": \"hardened\"}", HardeningPolicySpec.class));
        return TestPolicies.withActions(compiled, mode, admission);
    }

    private static ObjectNode deployment() {
        ObjectNode deployment = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "billing").put("namespace", NAMESPACE);
        ObjectNode spec = deployment.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("app", "billing");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "billing");
        ObjectNode container = template.putObject("spec").putArray("containers").addObject()
                .put("name", "app").put("image", "registry.example.com/billing:1.4.2");
        var env = container.putArray("env");
        env.addObject().put("name", "DB_PASSWORD").put("value", PASSWORD);
        env.addObject().put("name", "AWS_SECRET_ACCESS_KEY").put("value", ACCESS_KEY);
        env.addObject().put("name", "TLS_PRIVATE_KEY").put("value", PRIVATE_KEY);
        return deployment;
    }
}
