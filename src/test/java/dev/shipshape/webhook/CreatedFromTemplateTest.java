package dev.shipshape.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.api.v1alpha1.AdmissionRemediation;
import dev.shipshape.api.v1alpha1.Enforcement;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cluster.ControllerReference;
import dev.shipshape.cluster.KnownOwner;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.cluster.PodTemplate;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.policy.WorkloadKinds;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a controller creates from its template (a Pod of a ReplicaSet) is denied only for what it adds to that
 * template: scaling a Deployment that violated before an Enforce policy came still creates Pods, while a container
 * a mutating webhook injects on the way in is denied, and named as added.
 */
class CreatedFromTemplateTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String LEGACY_CONTAINERS = """
            - name: web
              image: registry.example/shop/web:1.4.2
              securityContext: {privileged: true}
            """;
    private static final String INJECTED = """
            name: mesh-init
            image: registry.example/mesh/proxy-init:1.22.0
            securityContext:
              runAsUser: 0
              capabilities: {add: [NET_ADMIN, NET_RAW]}
            """;

    private final AdmissionDecider decider = new AdmissionDecider(Set.of("kube-system"), 1000, WorkloadKinds.BUILT_IN);
    private final CompiledPolicy enforce = enforce();

    @Test
    void aPodWithOnlyItsTemplatesViolationsIsAdmittedWithWarningsNamingTheTemplate() throws Exception {
        AdmissionOutcome outcome = decide(pod(null), owners(true));

        assertThat(outcome.allowed()).as(outcome.message()).isTrue();
        assertThat(outcome.decision()).isEqualTo(Decision.WARNED);
        assertThat(outcome.warnings()).anyMatch(warning -> warning.equals("pre-existing in the pod template of "
                + "ReplicaSet shop/web-7d9f, not denied: production: privileged: container \"web\" must not set "
                + "securityContext.privileged=true"));
    }

    @Test
    void anInjectedContainerIsDeniedAndNamedAsAddedAtAdmission() throws Exception {
        AdmissionOutcome outcome = decide(pod(INJECTED), owners(true));

        assertThat(outcome.allowed()).isFalse();
        List<String> lines = outcome.message().lines().toList();
        assertThat(lines.get(0)).startsWith("Shipshape denied Pod shop/web-7d9f-x2k: created by Deployment shop/web: ");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("mesh-init").endsWith("(container mesh-init is not in the pod template of ReplicaSet "
                        + "shop/web-7d9f: it was added at admission, by a mutating webhook such as a service mesh's "
                        + "injector)"));
        assertThat(lines).anyMatch(line -> line.contains("check capabilities-drop-all"))
                .noneMatch(line -> line.contains("container \"web\""));
    }

    @Test
    void withoutTheTemplateInTheCacheEveryFindingIsNew() throws Exception {
        AdmissionOutcome outcome = decide(pod(null), owners(false));

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.message()).contains("check privileged (critical)").doesNotContain("is not in");
    }

    @Test
    void aForgedOwnerGainsNothingFromTheTemplate() throws Exception {
        ObjectNode review = pod(null);
        ((ObjectNode) review.at("/request/object/metadata/ownerReferences/0")).put("uid", "forged");
        AdmissionOutcome outcome = decide(review, owners(true));

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.message()).startsWith("Shipshape denied Pod shop/web-7d9f-x2k: ")
                .doesNotContain("created by");
    }

    @Test
    void anUpdateThatInsertsAContainerAheadKeepsTheOthersFindingsPreExisting() throws Exception {
        ObjectNode review = pod(INJECTED);
        review.with("request").put("operation", "UPDATE");
        ObjectNode old = review.at("/request/object").deepCopy();
        ((ArrayNode) old.at("/spec/initContainers")).removeAll();
        review.with("request").set("oldObject", old);
        ((ObjectNode) review.at("/request/object/metadata")).remove("ownerReferences");
        ((ObjectNode) old.at("/metadata")).remove("ownerReferences");

        AdmissionOutcome outcome = decide(review, OwnerLookup.NONE);

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.message()).contains("mesh-init").doesNotContain("container \"web\"")
                .doesNotContain("is not in");
        assertThat(outcome.warnings()).anyMatch(warning -> warning.startsWith("pre-existing, not denied on update: ")
                && warning.contains("container \"web\""));
    }

    private AdmissionOutcome decide(ObjectNode review, OwnerLookup owners) throws Exception {
        return decider.decide(WebhookKind.ENFORCE,
                AdmissionReviews.read(review.toString().getBytes(StandardCharsets.UTF_8)), List.of(enforce),
                namespace -> Map.of(), owners, Instant.now());
    }

    private static ObjectNode pod(String injectedInitContainer) throws Exception {
        ObjectNode pod = (ObjectNode) YAML.readTree("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web-7d9f-x2k
                  namespace: shop
                  labels: {app: web, pod-template-hash: 7d9f}
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: r-1, controller: true}
                spec:
                  serviceAccountName: default
                  containers:
                """ + LEGACY_CONTAINERS.indent(2));
        if (injectedInitContainer != null) {
            pod.with("spec").putArray("initContainers").add(YAML.readTree(injectedInitContainer));
        }
        ObjectNode review = new ObjectMapper().createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002").put("operation", "CREATE")
                .put("namespace", "shop");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.set("object", pod);
        return review;
    }

    /** Deployment shop/web and its ReplicaSet shop/web-7d9f, the latter with its template or without. */
    private static OwnerLookup owners(boolean withTemplate) throws Exception {
        JsonNode replicaSet = YAML.readTree("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: web-7d9f, namespace: shop, uid: r-1}
                spec:
                  replicas: 3
                  template:
                    metadata:
                      labels: {app: web, pod-template-hash: 7d9f}
                    spec:
                      containers:
                """ + LEGACY_CONTAINERS.indent(8));
        KnownOwner deployment = new KnownOwner(WorkloadKind.DEPLOYMENT, "apps/v1", "shop", "web", "d-1", Map.of(),
                Map.of(), Optional.empty(), Optional.empty());
        KnownOwner set = new KnownOwner(WorkloadKind.REPLICA_SET, "apps/v1", "shop", "web-7d9f", "r-1", Map.of(),
                Map.of(), Optional.of(new ControllerReference("apps/v1", "Deployment", "web", "d-1")),
                withTemplate ? Optional.of(PodTemplate.of(replicaSet)) : Optional.empty());
        return (kind, namespace, name) -> Optional.ofNullable(
                kind == WorkloadKind.DEPLOYMENT && name.equals("web") ? deployment
                        : kind == WorkloadKind.REPLICA_SET && name.equals("web-7d9f") ? set : null);
    }

    private static CompiledPolicy enforce() {
        CompiledPolicy hardened = CompiledPolicy.forProfile(Profile.HARDENED);
        return new CompiledPolicy("production", 0, hardened.profile(),
                new PolicyActions(Mode.Enforce, Severity.LOW, AdmissionRemediation.None, ExistingRemediation.None,
                        Enforcement.Auto),
                hardened.checks(), hardened.match(), hardened.exemptions(), false);
    }
}
