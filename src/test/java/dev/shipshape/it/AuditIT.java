package dev.shipshape.it;

import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.ConditionStatus;
import dev.shipshape.api.v1alpha1.ExemptionState;
import dev.shipshape.api.v1alpha1.ExemptionStatus;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.HardeningPolicyStatus;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.RemediationSettings;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The audit of existing workloads through a real Kubernetes 1.20.2 API server: policy status, PolicyReports,
 * Events, the metrics scrape, remediation of existing workloads, cleanup on deletion, batch/v1beta1 CronJobs
 * and an invalid policy next to valid ones.
 */
@QuarkusTest
@QuarkusTestResource(value = OperatorOnLocalControlPlane.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {

    /** The first audit waits for the workload informers to list everything once. */
    private static final Duration FIRST_AUDIT = Duration.ofSeconds(60);
    /**
     * Status, reports, metrics and Events follow workload and policy changes within this time on a busy machine
     * (docs/reliability.md, "Freshness under load").
     */
    private static final Duration FOLLOWS = Duration.ofSeconds(10);
    private static final ResourceDefinitionContext POLICY_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext OPEN_REPORT = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
            .withNamespaced(true).build();
    private static final String NAMESPACE = "audit-status";
    private static final String POLICY = "audit-hardened";
    private static final String WEBHOOK_FINALIZER = "hardeningpolicies.shipshape.dev/finalizer";

    private static KubernetesClient admin;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @BeforeAll
    static void connect() {
        admin = OperatorOnLocalControlPlane.client();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    private static void namespace(String name) {
        ClusterObjects.namespace(admin, name);
    }

    private static HasMetadata manifest(String resource, String namespace) {
        return ClusterObjects.manifest(admin, resource, namespace);
    }

    @Test
    @Order(1)
    void statusCountsTheMatchedWorkloadsAndFollowsChanges() throws Exception {
        namespace(NAMESPACE);
        create(manifest("bad-deployment.yaml", NAMESPACE));
        create(manifest("hardened-deployment.yaml", NAMESPACE));
        create(manifest("bad-pod.yaml", NAMESPACE));
        create(manifest("bad-cronjob-v1beta1.yaml", NAMESPACE));
        HasMetadata owned = manifest("bad-pod.yaml", NAMESPACE);
        owned.getMetadata().setName("owned-by-a-replicaset");
        owned.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName("web-7d4b9").withUid(UUID.randomUUID().toString())
                .withController(true).build()));
        create(owned);

        policy(POLICY, Mode.Audit, ExistingRemediation.None, NAMESPACE, List.of());

        await().atMost(FIRST_AUDIT).untilAsserted(() -> {
            HardeningPolicyStatus status = status(POLICY);
            assertThat(status.getSummary()).as("summary of %s", POLICY).isNotNull();
            assertThat(status.getSummary().getWorkloads()).as("the Deployments, the bare Pod and the CronJob;"
                    + " not the Pod a ReplicaSet owns").isEqualTo(4);
            assertThat(status.getSummary().getViolating()).isEqualTo(3);
            assertThat(status.getSummary().getCompliant()).isEqualTo(1);
        });
        HardeningPolicyStatus status = status(POLICY);
        assertThat(status.getComplianceRatio()).isEqualTo("0.25");
        assertThat(status.getWouldDeny()).isEqualTo(3);
        assertThat(kubectl("get", "hardeningpolicies.shipshape.dev", POLICY)).as("kubectl get hp shows WOULDDENY")
                .containsPattern("WOULDDENY[\\s\\S]*" + POLICY + "\\s+Audit\\s+(hardened\\s+)?0\\.25\\s+3\\s+3\\s+True");
        assertThat(status.getSummary().getViolations().getCritical()).isPositive();
        assertThat(status.getTopViolations()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(status.getTopViolations().get(0).getCount()).isEqualTo(3);
        assertThat(status.getEnforcement()).as("Kubernetes 1.20 serves no ValidatingAdmissionPolicy")
                .satisfies(enforcement -> {
                    assertThat(enforcement.getPath()).isEqualTo("Webhook");
                    assertThat(enforcement.getReason()).contains("spec.enforcement is Auto")
                            .contains("serves no ValidatingAdmissionPolicy");
                    assertThat(enforcement.getAdmissionPolicies()).isEmpty();
                    assertThat(enforcement.getWebhookChecks()).isEmpty();
                });
        assertThat(status.getConditions()).singleElement().satisfies(ready -> {
            assertThat(ready.getType()).isEqualTo("Ready");
            assertThat(ready.getStatus()).isEqualTo(ConditionStatus.True);
        });
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getLastAuditTime()).isNotBlank();

        HasMetadata another = manifest("bad-deployment.yaml", NAMESPACE);
        another.getMetadata().setName("another-bad-one");
        create(another);
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 5);

        admin.resources(Deployment.class).inNamespace(NAMESPACE).withName("another-bad-one")
                .withTimeout(10, TimeUnit.SECONDS).delete();
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 4);

        HardeningPolicy policy = admin.resources(HardeningPolicy.class).withName(POLICY).get();
        policy.getSpec().getMatch().setNamespaces(List.of("nowhere"));
        admin.resource(policy).update();
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 0
                && "1.00".equals(status(POLICY).getComplianceRatio()));
        policy = admin.resources(HardeningPolicy.class).withName(POLICY).get();
        policy.getSpec().getMatch().setNamespaces(List.of(NAMESPACE));
        admin.resource(policy).update();
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 4
                && status(POLICY).getObservedGeneration() == 3L);
    }

    @Test
    @Order(2)
    void policyReportsListFailuresPerNamespaceWithCappedResults() {
        await().atMost(FOLLOWS).untilAsserted(() -> assertThat(report(NAMESPACE, POLICY)).isNotNull());
        GenericKubernetesResource report = report(NAMESPACE, POLICY);
        List<Map<String, Object>> results = report.get("results");
        assertThat(results).isNotEmpty().allSatisfy(result -> {
            assertThat(result.get("policy")).isEqualTo(POLICY);
            assertThat((String) result.get("result")).isIn("fail", "warn");
            assertThat((String) result.get("rule")).isNotBlank();
            assertThat((List<?>) result.get("resources")).hasSize(1);
        });
        assertThat(results).extracting(result -> result.get("rule")).contains("privileged");
        Map<String, Object> summary = report.get("summary");
        assertThat(((Number) summary.get("fail")).intValue()).isPositive();
        assertThat(((Number) summary.get("pass")).intValue()).isPositive();
        assertThat(report.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "shipshape");

        await("the same report as an OpenReports Report (shipshape.reports.format=both)").atMost(FOLLOWS)
                .untilAsserted(() -> assertThat(openReport(NAMESPACE, POLICY)).isNotNull()
                        .satisfies(open -> assertThat((Object) open.get("results"))
                                .isEqualTo(report(NAMESPACE, POLICY).get("results"))));
        assertThat(openReport(NAMESPACE, POLICY).getKind()).isEqualTo("Report");
    }

    @Test
    @Order(3)
    void aNewViolationGetsOneWarningEventThatIsNotRepeated() {
        HasMetadata workload = manifest("bad-deployment.yaml", NAMESPACE);
        workload.getMetadata().setName("newly-violating");
        create(workload);

        await().atMost(FOLLOWS).until(() -> violationEvents("newly-violating").size() == 1);
        Event event = violationEvents("newly-violating").get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).startsWith("HardeningPolicy " + POLICY + ": newly violates ");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");

        Deployment changed = admin.resources(Deployment.class).inNamespace(NAMESPACE).withName("newly-violating").get();
        changed.getMetadata().getLabels().put("relabelled", "yes");
        admin.resource(changed).update();
        // Workload changes and their Events are handled in order: once a later workload has its Event, the
        // relabelling has been handled too.
        HasMetadata later = manifest("bad-deployment.yaml", NAMESPACE);
        later.getMetadata().setName("handled-after-the-relabelling");
        create(later);
        await().atMost(FOLLOWS).until(() -> violationEvents("handled-after-the-relabelling").size() == 1);
        admin.resource(later).withTimeout(10, TimeUnit.SECONDS).delete();
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 5);
        assertThat(violationEvents("newly-violating")).singleElement()
                .satisfies(same -> assertThat(same.getCount()).isEqualTo(1));
    }

    @Test
    @Order(4)
    void metricsCarryThePolicySeriesWithoutWorkloadNames() throws Exception {
        await().atMost(FOLLOWS).untilAsserted(() -> assertThat(scrape())
                .containsPattern("shipshape_policy_workloads\\{[^}]*policy=\"" + POLICY
                        + "\"[^}]*status=\"violating\"[^}]*} 4\\.0")
                .containsPattern("shipshape_policy_compliance_ratio\\{policy=\"" + POLICY + "\"[^}]*} 0\\.2")
                .containsPattern("shipshape_policy_violations\\{check=\"privileged\"[^}]*policy=\"" + POLICY
                        + "\"[^}]*severity=\"critical\"[^}]*} [1-9]")
                .contains("shipshape_audit_duration_seconds_count{scope=\"policy\""));
        assertThat(scrape()).doesNotContain("legacy-shop").doesNotContain("newly-violating");
    }

    @Test
    @Order(5)
    void remediationPatchesMissingFieldsAndKeepsExplicitValues() throws Exception {
        String namespace = "audit-remediation";
        namespace(namespace);
        Deployment fillable = (Deployment) manifest("fillable-deployment.yaml", namespace);
        fillable.getSpec().getTemplate().getSpec().setSecurityContext(new PodSecurityContextBuilder()
                .withRunAsUser(4242L).build());
        create(fillable);
        Deployment planned = (Deployment) manifest("fillable-deployment.yaml", namespace);
        planned.getMetadata().setName("planned");
        planned.getSpec().getSelector().getMatchLabels().put("app", "planned");
        planned.getSpec().getTemplate().getMetadata().getLabels().put("app", "planned");
        create(planned);
        create(manifest("privileged-root-deployment.yaml", namespace));
        policy("dry-run", Mode.Audit, ExistingRemediation.DryRun, namespace, List.of());

        await().atMost(FIRST_AUDIT).untilAsserted(() -> {
            assertThat(status("dry-run").getRemediation()).isNotNull();
            assertThat(status("dry-run").getRemediation().getPending()).isEqualTo(3);
        });
        assertThat(status("dry-run").getRemediation().getRecent()).allSatisfy(entry -> {
            assertThat(entry.getPatchedAt()).isNull();
            assertThat(entry.getFields()).isNotEmpty().allSatisfy(field -> assertThat(field).startsWith("/spec/template/spec"));
        });
        assertThat(admin.resources(Deployment.class).inNamespace(namespace).withName("worker").get()
                .getMetadata().getGeneration()).as("DryRun changes nothing").isEqualTo(1L);

        HardeningPolicy patching = policy("patch-existing", Mode.Audit, ExistingRemediation.Patch, namespace,
                List.of());
        await().atMost(FIRST_AUDIT).untilAsserted(() -> {
            assertThat(status("patch-existing").getRemediation()).isNotNull();
            assertThat(status("patch-existing").getRemediation().getPatched()).isEqualTo(3);
        });
        assertThat(status("patch-existing").getRemediation().getFailed()).as("the API server took every patch")
                .isZero();
        Deployment agent = admin.resources(Deployment.class).inNamespace(namespace).withName("node-agent").get();
        assertThat(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext())
                .satisfies(context -> {
                    assertThat(context.getPrivileged()).isTrue();
                    assertThat(context.getAllowPrivilegeEscalation()).isNull();
                    assertThat(context.getRunAsNonRoot()).isNull();
                    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
                    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
                });
        assertThat(findings(patching, agent)).singleElement().satisfies(result -> assertThat(result.violations())
                .extracting(Finding::checkId).as("what could not be filled in is still reported")
                .contains("privileged", "allow-privilege-escalation", "run-as-non-root", "run-as-user"));
        Deployment patched = admin.resources(Deployment.class).inNamespace(namespace).withName("worker").get();
        assertThat(patched.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .as("an explicit value is kept").isEqualTo(4242L);
        assertThat(findings(patching, patched)).as("the patched Deployment scans clean").isEmpty();
        await().atMost(FOLLOWS).until(() -> status("patch-existing").getSummary().getCompliant() == 2);
        assertThat(status("patch-existing").getRemediation().getPending()).as("nothing left to fill in").isZero();
        assertThat(admin.v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(event -> assertThat(event.getReason()).isEqualTo("Remediated"));
        delete("dry-run");
        delete("patch-existing");
    }

    @Test
    @Order(6)
    void anInvalidPolicyIsRefusedAtApplyAndLeavesTheOthersAlone() {
        CheckOverride unknown = new CheckOverride();
        unknown.setId("run-as-nonroot");

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> policy("broken", Mode.Audit, ExistingRemediation.None, NAMESPACE, List.of(unknown)));

        assertThat(refused).isNotNull();
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("spec.checks[1].id: unknown check \"run-as-nonroot\" (did you mean "
                + "\"run-as-non-root\"?)");
        assertThat(admin.resources(HardeningPolicy.class).withName("broken").get()).isNull();

        HasMetadata workload = manifest("bad-deployment.yaml", NAMESPACE);
        workload.getMetadata().setName("after-the-broken-policy");
        create(workload);
        await().atMost(FOLLOWS).until(() -> status(POLICY).getSummary().getWorkloads() == 6);
    }

    @Test
    @Order(7)
    void aDeletedReportComesBackWithTheNextChangeInItsNamespace() {
        admin.genericKubernetesResources(POLICY_REPORT).inNamespace(NAMESPACE).withName("shipshape-" + POLICY)
                .withTimeout(10, TimeUnit.SECONDS).delete();
        HasMetadata workload = manifest("bad-deployment.yaml", NAMESPACE);
        workload.getMetadata().setName("after-the-report-was-deleted");
        create(workload);

        await().atMost(FOLLOWS).untilAsserted(() -> assertThat(report(NAMESPACE, POLICY)).isNotNull());
        List<Map<String, Object>> results = report(NAMESPACE, POLICY).get("results");
        List<Object> names = results.stream().flatMap(result -> ((List<?>) result.get("resources")).stream())
                .map(resource -> (Object) ((Map<?, ?>) resource).get("name")).toList();
        assertThat(names).contains("after-the-report-was-deleted");
    }

    /**
     * The local control plane runs no kube-controller-manager, so the test does the namespace controller's part:
     * it deletes the namespace's contents and then finalizes the namespace.
     */
    @Test
    @Order(8)
    void aNamespaceThatGoesAwayTakesItsReportAndANewOneOfTheSameNameGetsItsOwn() {
        String namespace = "audit-gone";
        String policy = "audit-namespace";
        namespace(namespace);
        create(manifest("bad-deployment.yaml", namespace));
        policy(policy, Mode.Audit, ExistingRemediation.None, namespace, List.of());
        await().atMost(FIRST_AUDIT).untilAsserted(() -> assertThat(report(namespace, policy)).isNotNull());

        admin.namespaces().withName(namespace).delete();
        await().atMost(FOLLOWS).until(() -> admin.namespaces().withName(namespace).get().getMetadata()
                .getDeletionTimestamp() != null);
        admin.genericKubernetesResources(POLICY_REPORT).inNamespace(namespace).withName("shipshape-" + policy)
                .withTimeout(10, TimeUnit.SECONDS).delete();
        int critical = status(policy).getSummary().getViolations().getCritical();
        Deployment leaving = admin.resources(Deployment.class).inNamespace(namespace).withName("legacy-shop").get();
        leaving.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true);
        admin.resource(leaving).update();
        await().atMost(FOLLOWS).until(() -> status(policy).getSummary().getViolations().getCritical() == critical + 1);
        assertThat(report(namespace, policy)).as("nothing is created in a namespace being deleted").isNull();

        admin.resources(Deployment.class).inNamespace(namespace).withName("legacy-shop")
                .withTimeout(10, TimeUnit.SECONDS).delete();
        await().atMost(FOLLOWS).until(() -> status(policy).getSummary().getWorkloads() == 0);
        Namespace terminating = admin.namespaces().withName(namespace).get();
        terminating.getSpec().setFinalizers(List.of());
        admin.raw("/api/v1/namespaces/" + namespace + "/finalize", "PUT", terminating);
        await().atMost(FOLLOWS).until(() -> admin.namespaces().withName(namespace).get() == null);

        namespace(namespace);
        create(manifest("bad-deployment.yaml", namespace));
        // one pass writes the reports, then the status: wait for both
        await().atMost(FOLLOWS).untilAsserted(() -> {
            assertThat(report(namespace, policy)).isNotNull();
            assertThat(status(policy).getSummary().getWorkloads()).isEqualTo(1);
        });
        delete(policy);
    }

    @Test
    @Order(9)
    void deletingThePolicyRemovesItsReportsAndSeriesWithOneFinalizerAndNoConflicts() throws Exception {
        assertThat(admin.resources(HardeningPolicy.class).withName(POLICY).get().getMetadata().getFinalizers())
                .as("one controller owns the cleanup of a policy").containsExactly(WEBHOOK_FINALIZER);
        List<String> retryStorms = new CopyOnWriteArrayList<>();
        Handler watcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = String.valueOf(record.getMessage());
                if (message.contains("retry attempts")) {
                    retryStorms.add(record.getLoggerName() + ": " + message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(watcher);
        try {
            delete(POLICY);
            await().atMost(FOLLOWS).until(() -> admin.resources(HardeningPolicy.class).withName(POLICY).get() == null);
            await().atMost(FOLLOWS).until(() -> report(NAMESPACE, POLICY) == null
                    && openReport(NAMESPACE, POLICY) == null);
            await().atMost(FOLLOWS)
                    .untilAsserted(() -> assertThat(scrape()).doesNotContain("policy=\"" + POLICY + "\""));
        } finally {
            Logger.getLogger("").removeHandler(watcher);
        }
        assertThat(retryStorms).as("conflicting patches of the deleted policy").isEmpty();
    }

    @Test
    @Order(10)
    void theFinalizerOfEarlierBuildsIsRemovedSoThePolicyCanBeDeleted() {
        HardeningPolicy left = new HardeningPolicy();
        left.setMetadata(new ObjectMetaBuilder().withName("left-by-an-earlier-build")
                .withFinalizers("shipshape.dev/audit").build());
        left.setSpec(new HardeningPolicySpec());
        left.getSpec().setMode(Mode.Audit);
        admin.resource(left).create();
        await().atMost(FOLLOWS).untilAsserted(() -> assertThat(admin.resources(HardeningPolicy.class)
                .withName("left-by-an-earlier-build").get().getMetadata().getFinalizers())
                .containsExactly(WEBHOOK_FINALIZER));
        delete("left-by-an-earlier-build");
        await().atMost(FOLLOWS).until(() ->
                admin.resources(HardeningPolicy.class).withName("left-by-an-earlier-build").get() == null);
    }

    /**
     * An exemption that expires 30 s into the test: exempt before, counted as violating right after, with no
     * workload or policy change in between; Events, status and metrics say so ahead and after.
     */
    @Test
    @Order(11)
    void anExemptionStopsCountingTheMomentItExpiresEverywhere() throws Exception {
        String namespace = "audit-expiry";
        String policy = "audit-expiring";
        namespace(namespace);
        create(manifest("bad-deployment.yaml", namespace));
        Instant expires = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        HardeningPolicy expiring = new HardeningPolicy();
        expiring.setMetadata(new ObjectMetaBuilder().withName(policy).build());
        expiring.setSpec(admin.getKubernetesSerialization().unmarshal("""
                mode: Audit
                match: {namespaces: [%s]}
                exemptions:
                - workloads: [legacy-shop]
                  reason: until the shop moves to the new image
                  expires: "%s"
                - workloads: [someone-else]
                  reason: next week
                  expires: "%s"
                """.formatted(namespace, expires, expires.plus(Duration.ofDays(3))), HardeningPolicySpec.class));
        admin.resource(expiring).create();

        await().atMost(FOLLOWS).untilAsserted(() -> {
            HardeningPolicyStatus status = status(policy);
            assertThat(status.getSummary()).isNotNull();
            assertThat(status.getSummary().getExempt()).isEqualTo(1);
            assertThat(status.getWouldDeny()).isZero();
            assertThat(status.getExemptions()).extracting(ExemptionStatus::getIndex, ExemptionStatus::getState)
                    .containsExactly(tuple(0, ExemptionState.Expiring), tuple(1, ExemptionState.Expiring));
            assertThat(scrape()).contains("shipshape_exemptions{policy=\"" + policy + "\",state=\"expiring\"} 2.0");
            assertThat(exemptionEvents(policy)).extracting(Event::getReason, Event::getMessage)
                    .anySatisfy(event -> assertThat(event.toList()).containsExactly("ExemptionExpiring",
                            "HardeningPolicy " + policy + ": spec.exemptions[0] (\"until the shop moves to the new "
                                    + "image\") expires at " + expires + ", within 1 day. The findings it covers "
                                    + "then count again, and Enforce denies them: fix the workloads, or extend its "
                                    + "expires."))
                    .anySatisfy(event -> assertThat((String) event.toList().get(1)).contains("spec.exemptions[1]")
                            .contains("within 7 days"));
        });
        assertThat(Instant.now()).as("the checks before the expiry ran before it").isBefore(expires);

        await().atMost(Duration.between(Instant.now(), expires).plus(FOLLOWS)).untilAsserted(() -> {
            HardeningPolicyStatus status = status(policy);
            assertThat(status.getSummary().getViolating()).isEqualTo(1);
            assertThat(status.getSummary().getExempt()).isZero();
            assertThat(status.getWouldDeny()).isEqualTo(1);
            assertThat(status.getExemptions()).extracting(ExemptionStatus::getIndex, ExemptionStatus::getState)
                    .containsExactly(tuple(0, ExemptionState.Expired), tuple(1, ExemptionState.Expiring));
            assertThat(scrape()).contains("shipshape_exemptions{policy=\"" + policy + "\",state=\"expired\"} 1.0")
                    .contains("shipshape_policy_workloads{policy=\"" + policy + "\",status=\"violating\"} 1.0");
            assertThat(exemptionEvents(policy)).extracting(Event::getReason).contains("ExemptionExpired");
            assertThat(violationEvents("legacy-shop", namespace)).as("the workload now violates").isNotEmpty();
        });
        await().atMost(FOLLOWS).untilAsserted(() -> {
            Map<String, Object> summary = report(namespace, policy).get("summary");
            assertThat(((Number) summary.get("fail")).intValue()).isPositive();
        });
        delete(policy);
    }

    private static List<Event> exemptionEvents(String policy) {
        return admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(event -> "HardeningPolicy".equals(event.getInvolvedObject().getKind()))
                .filter(event -> policy.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    private static List<Event> violationEvents(String workload, String namespace) {
        return admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> "PolicyViolation".equals(event.getReason()))
                .filter(event -> workload.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    private static List<EvaluationResult> findings(HardeningPolicy policy, Deployment deployment) throws Exception {
        CompiledPolicy compiled = PolicyCompiler.compile(policy.getMetadata().getName(), policy.getSpec());
        EvaluationResult result = PolicyEvaluator.evaluate(compiled, Workloads.fromObject(deployment).orElseThrow(),
                Map.of("kubernetes.io/metadata.name", deployment.getMetadata().getNamespace()), Instant.now());
        return result.compliant() ? List.of() : List.of(result);
    }

    private static String kubectl(String... args) throws Exception {
        // a cache of its own: kubectl's shared discovery cache may hold another test server's resources at this port
        List<String> command = new ArrayList<>(List.of(LocalControlPlane.kubectl().toString(), "--kubeconfig",
                OperatorOnLocalControlPlane.kubeconfig().toString(), "--cache-dir",
                Files.createTempDirectory("shipshape-kubectl-cache").toString()));
        command.addAll(List.of(args));
        Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as(output).isZero();
        return output;
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.toURI()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<Event> violationEvents(String workload) {
        return admin.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(event -> "PolicyViolation".equals(event.getReason()))
                .filter(event -> workload.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    private static GenericKubernetesResource report(String namespace, String policy) {
        return admin.genericKubernetesResources(POLICY_REPORT).inNamespace(namespace).withName("shipshape-" + policy)
                .get();
    }

    private static GenericKubernetesResource openReport(String namespace, String policy) {
        return admin.genericKubernetesResources(OPEN_REPORT).inNamespace(namespace).withName("shipshape-" + policy)
                .get();
    }

    private static HardeningPolicyStatus status(String name) {
        HardeningPolicy policy = admin.resources(HardeningPolicy.class).withName(name).get();
        return Objects.requireNonNullElseGet(policy.getStatus(), HardeningPolicyStatus::new);
    }

    private static HardeningPolicy policy(String name, Mode mode, ExistingRemediation existing, String namespace,
                                          List<CheckOverride> checks) {
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setMode(mode);
        Match match = new Match();
        match.setNamespaces(List.of(namespace));
        spec.setMatch(match);
        List<CheckOverride> overrides = ClusterObjects.segmentationOff();
        overrides.addAll(checks);
        spec.setChecks(overrides);
        RemediationSettings remediation = new RemediationSettings();
        remediation.setExisting(existing);
        spec.setRemediation(remediation);
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        return admin.resource(policy).create();
    }

    private static void delete(String policy) {
        admin.resources(HardeningPolicy.class).withName(policy).withTimeout(30, TimeUnit.SECONDS).delete();
    }



    private static HasMetadata create(HasMetadata object) {
        return admin.resource(object).create();
    }
}
