package dev.shipshape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.HardeningExemptionSpec;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.audit.Audit;
import dev.shipshape.audit.AuditSummary;
import dev.shipshape.cluster.ControllerReference;
import dev.shipshape.cluster.KnownOwner;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.ExemptionRequest;
import dev.shipshape.policy.ExemptionRequests;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.AdmissionDecider;
import dev.shipshape.webhook.AdmissionOutcome;
import dev.shipshape.webhook.AdmissionRequest;
import dev.shipshape.webhook.WebhookKind;
import dev.shipshape.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of exemptions, run through both the audit (which judges Deployment shop/web) and admission (which
 * judges a Pod its ReplicaSet created): each exemption exempts both or neither.
 */
class ExemptionAgreementTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String IMAGE = "registry.example.com/shop/web:1.4.2";

    @ParameterizedTest(name = "{0}: exempt {2}")
    @CsvSource(delimiter = '|', textBlock = """
            no exemption                    | ''                                                         | false
            the workload by name            | '{"workloads": ["web"], "reason": "r"}'                     | true
            the workload by glob            | '{"workloads": ["we*"], "reason": "r"}'                     | true
            another workload                | '{"workloads": ["web-7d9f*"], "reason": "r"}'               | false
            the container                   | '{"containers": ["app"], "reason": "r"}'                    | true
            the image                       | '{"images": ["registry.example.com/shop/*"], "reason": "r"}' | true
            the namespace                   | '{"namespaces": ["sh*"], "reason": "r"}'                    | true
            the check                       | '{"checks": ["privileged"], "workloads": ["web"], "reason": "r"}' | true
            another check                   | '{"checks": ["host-ports"], "workloads": ["web"], "reason": "r"}' | false
            an expired exemption            | '{"workloads": ["web"], "reason": "r", "expires": "2026-05-01T00:00:00Z"}' | false
            an exemption not yet expired    | '{"workloads": ["web"], "reason": "r", "expires": "2026-07-01T00:00:00Z"}' | true
            the owner's annotation, allowed | 'annotation'                                               | true
            the owner's annotation, not allowed | 'annotation-not-allowed'                               | false
            a HardeningExemption the policy delegates | 'hx:shop:-:{"policies": ["shop"], "checks": ["privileged"], "workloads": ["web"], "reason": "r", "expires": "2026-06-20T00:00:00Z"}' | true
            a HardeningExemption for a check kept back | 'hx:shop:privileged:{"policies": ["shop"], "checks": ["privileged"], "workloads": ["web"], "reason": "r", "expires": "2026-06-20T00:00:00Z"}' | false
            a HardeningExemption in another namespace | 'hx:other:-:{"policies": ["shop"], "checks": ["privileged"], "reason": "r", "expires": "2026-06-20T00:00:00Z"}' | false
            a HardeningExemption that expired | 'hx:shop:-:{"policies": ["shop"], "checks": ["privileged"], "reason": "r", "expires": "2026-05-30T00:00:00Z"}' | false
            a HardeningExemption of another policy | 'hx:shop:-:{"policies": ["other"], "checks": ["privileged"], "reason": "r", "expires": "2026-06-20T00:00:00Z"}' | false
            """)
    void auditAndAdmissionAgree(String description, String exemption, boolean exempt) throws Exception {
        boolean annotated = exemption.startsWith("annotation");
        CompiledPolicy policy = policy(exemption, "annotation".equals(exemption));
        Map<String, String> annotations = annotated ? Map.of("shipshape.dev/exempt", "privileged") : Map.of();

        Audit audit = new Audit(namespace -> Map.of("kubernetes.io/metadata.name", namespace),
                Clock.fixed(NOW, ZoneOffset.UTC));
        audit.putPolicy("shop", policy);
        audit.putWorkload("Deployment/shop/web", Workloads.fromTree(deployment(annotations)).orElseThrow(), "d-1");
        AuditSummary summary = audit.summary("shop").orElseThrow();

        AdmissionOutcome admission = new AdmissionDecider(Set.of(), 1000, WorkloadKinds.BUILT_IN).decide(WebhookKind.ENFORCE,
                AdmissionRequest.from(podReview()), List.of(policy),
                namespace -> Map.of("kubernetes.io/metadata.name", namespace), owners(annotations), NOW);

        assertThat(summary.exempt()).as("the audit counts the Deployment exempt").isEqualTo(exempt ? 1 : 0);
        assertThat(summary.violating()).isEqualTo(exempt ? 0 : 1);
        assertThat(admission.allowed()).as("admission of its Pod").isEqualTo(exempt);
        if (!exempt) {
            assertThat(admission.message())
                    .startsWith("Shipshape denied Pod shop/web-7d9f-x2k: created by Deployment shop/web: 1 violation");
        }
    }

    @Test
    void aPodThatForgesItsOwnersUidIsJudgedOnItsOwn() throws Exception {
        CompiledPolicy policy = policy("{\"workloads\": [\"web\"], \"reason\": \"r\"}", false);
        ObjectNode review = podReview();
        ((ObjectNode) review.at("/request/object/metadata/ownerReferences/0")).put("uid", "forged");

        AdmissionOutcome admission = new AdmissionDecider(Set.of(), 1000, WorkloadKinds.BUILT_IN).decide(WebhookKind.ENFORCE,
                AdmissionRequest.from(review), List.of(policy),
                namespace -> Map.of("kubernetes.io/metadata.name", namespace), owners(Map.of()), NOW);

        assertThat(admission.allowed()).isFalse();
        assertThat(admission.message()).startsWith("Shipshape denied Pod shop/web-7d9f-x2k: 1 violation\n"
                + "- policy shop, check privileged (critical)");
    }

    /**
     * The policy "shop" with {@code exemption}: one of its own ({@code {...}}), or a HardeningExemption written
     * {@code hx:NAMESPACE:KEPT_BACK:{spec}} that the policy delegates to shop-* and other, keeping back the check
     * KEPT_BACK ({@code -} for none).
     */
    private static CompiledPolicy policy(String exemption, boolean allowAnnotations) throws Exception {
        StringBuilder yaml = new StringBuilder("profile: baseline\nmode: Enforce\nallowAnnotationExemptions: ")
                .append(allowAnnotations).append('\n');
        if (exemption.startsWith("{")) {
            yaml.append("exemptions:\n- ").append(exemption).append('\n');
        }
        if (!exemption.startsWith("hx:")) {
            return PolicyCompiler.compile("shop", YAML.readValue(yaml.toString(), HardeningPolicySpec.class));
        }
        String[] parts = exemption.split(":", 4);
        yaml.append("delegatedExemptions:\n  namespaces: [shop, other]\n  maxDays: 30\n");
        if (!parts[2].equals("-")) {
            yaml.append("  allChecksBut: [").append(parts[2]).append("]\n");
        }
        CompiledPolicy policy = PolicyCompiler.compile("shop", YAML.readValue(yaml.toString(),
                HardeningPolicySpec.class));
        ExemptionRequest request = ExemptionRequests.compile(parts[1], "x", NOW.minus(Duration.ofDays(5)),
                JSON.readValue(parts[3], HardeningExemptionSpec.class));
        return new LabelledPolicy(policy, Map.of()).honouring(List.of(request));
    }

    private static ObjectNode container() {
        ObjectNode container = JSON.createObjectNode().put("name", "app").put("image", IMAGE);
        container.putObject("securityContext").put("privileged", true);
        return container;
    }

    private static ObjectNode deployment(Map<String, String> annotations) {
        ObjectNode deployment = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        ObjectNode metadata = deployment.putObject("metadata").put("name", "web").put("namespace", "shop")
                .put("uid", "d-1");
        metadata.set("annotations", JSON.valueToTree(annotations));
        deployment.putObject("spec").putObject("template").putObject("spec").putArray("containers").add(container());
        return deployment;
    }

    private static ObjectNode podReview() {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", "web-7d9f-x2k").put("namespace", "shop");
        metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", "web-7d9f").put("uid", "r-1").put("controller", true);
        pod.putObject("spec").putArray("containers").add(container());
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "u-1").put("namespace", "shop")
                .put("operation", "CREATE");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.set("object", pod);
        return review;
    }

    private static OwnerLookup owners(Map<String, String> annotations) {
        KnownOwner deployment = new KnownOwner(WorkloadKind.DEPLOYMENT, "apps/v1", "shop", "web", "d-1",
                Map.of(), annotations, Optional.empty(), Optional.empty());
        KnownOwner replicaSet = new KnownOwner(WorkloadKind.REPLICA_SET, "apps/v1", "shop", "web-7d9f", "r-1",
                Map.of(), Map.of(), Optional.of(new ControllerReference("apps/v1", "Deployment", "web", "d-1")),
                Optional.empty());
        return (kind, namespace, name) -> Optional.ofNullable(
                kind == WorkloadKind.DEPLOYMENT && name.equals("web") ? deployment
                        : kind == WorkloadKind.REPLICA_SET && name.equals("web-7d9f") ? replicaSet : null);
    }
}
