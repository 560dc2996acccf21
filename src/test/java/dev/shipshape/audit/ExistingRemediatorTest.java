package dev.shipshape.audit;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.shipshape.api.v1alpha1.ExistingRemediation;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.api.v1alpha1.RemediationStatus;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.JsonPatchOperation;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What remediation of existing workloads does when the API server refuses a patch, against the fabric8 mock
 * server's scripted answers: the real API server accepts every patch Shipshape makes, so a refusal (a validating
 * webhook of another tool, missing permissions) is scripted here.
 */
@EnableKubernetesMockClient
class ExistingRemediatorTest {

    private static final String PATH = "/apis/apps/v1/namespaces/shop/deployments/web";
    private static final WorkloadRef WEB = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
    private static final String REFUSAL = "admission webhook \"validate.other-tool.example\" denied the request: "
            + "changes to shop need a change ticket";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;

    private ExistingRemediator remediator;
    private final HardeningPolicy policy = new HardeningPolicy();

    @BeforeEach
    void setUp() {
        remediator = new ExistingRemediator(client, new EventPoster(client));
        policy.setMetadata(new ObjectMetaBuilder().withName("production").build());
        server.expect().post().withPath("/api/v1/namespaces/shop/events").andReturn(201, new Event()).always();
    }

    private static Verdict fillable() {
        return new Verdict(WEB, "uid-web", VerdictStatus.VIOLATING, List.of(), true,
                List.of(JsonPatchOperation.add(FieldPath.of("spec", "template", "spec", "automountServiceAccountToken"),
                        BooleanNode.FALSE)), NOW);
    }

    private void refusePatches() {
        server.expect().patch().withPath(PATH).andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage(REFUSAL).build()).always();
    }

    private void currentVersion(String resourceVersion) {
        server.expect().get().withPath(PATH).andReturn(200, deployment(resourceVersion)).always();
    }

    private static Deployment deployment(String resourceVersion) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .withResourceVersion(resourceVersion).endMetadata().build();
    }

    private RemediationStatus pass(String resourceVersion) {
        return remediator.remediate(policy, ExistingRemediation.Patch, List.of(fillable()),
                ref -> Optional.of(resourceVersion), NOW).status();
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS); request != null;
             request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            requests.add(request);
        }
        return requests;
    }

    @Test
    void aRefusedPatchIsAFailureWithAWarningEventAndIsNotRetriedUntilTheWorkloadChanges() throws Exception {
        refusePatches();
        currentVersion("7");

        RemediationStatus first = pass("7");

        assertThat(first.getFailed()).isEqualTo(1);
        assertThat(first.getPending()).isZero();
        assertThat(first.getPatched()).isZero();
        assertThat(first.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getKind()).isEqualTo("Deployment");
            assertThat(failure.getNamespace()).isEqualTo("shop");
            assertThat(failure.getName()).isEqualTo("web");
            assertThat(failure.getMessage()).isEqualTo(REFUSAL);
            assertThat(failure.getFailedAt()).isEqualTo(NOW.toString());
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(requests())
                .anySatisfy(request -> {
                    assertThat(request.getMethod()).isEqualTo("POST");
                    assertThat(request.getBody().readUtf8()).contains("\"type\":\"Warning\"",
                            "\"reason\":\"RemediationFailed\"", "changes to shop need a change ticket",
                            "/spec/template/spec/automountServiceAccountToken");
                }));

        RemediationStatus second = pass("7");
        assertThat(second.getFailed()).isEqualTo(1);
        assertThat(requests()).as("the same version is not patched again").noneMatch(request ->
                request.getMethod().equals("PATCH"));

        pass("8");
        assertThat(requests()).as("a changed workload is tried again").anyMatch(request ->
                request.getMethod().equals("PATCH") && request.getBody().readUtf8().contains("\"value\":\"8\""));
    }

    @Test
    void aPatchThatLostARaceIsTriedAgainWithoutAFailure() throws Exception {
        refusePatches();
        currentVersion("8");

        RemediationStatus status = pass("7");

        assertThat(status.getFailed()).isZero();
        assertThat(status.getFailures()).isEmpty();
        assertThat(status.getPending()).isEqualTo(1);
        pass("7");
        assertThat(requests()).filteredOn(request -> request.getMethod().equals("PATCH")).hasSize(2);
    }

    @Test
    void aWorkloadThatNoLongerNeedsRemediationLeavesTheFailures() {
        refusePatches();
        currentVersion("7");
        assertThat(pass("7").getFailed()).isEqualTo(1);

        RemediationStatus status = remediator.remediate(policy, ExistingRemediation.Patch, List.of(),
                ref -> Optional.of("7"), NOW).status();

        assertThat(status.getFailed()).isZero();
        assertThat(status.getFailures()).isEmpty();
    }
}
