package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.cel.CelRule;
import dev.shipshape.policy.checks.CheckFixtures;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RemediatorTest {

    /** Flags containers without readOnlyRootFilesystem and the pod without fsGroup; fills both in. */
    private static final class FillInCheck implements Check {
        private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("fill-in").title("t")
                .category(Category.FILESYSTEM).profile(Profile.HARDENED).severity(Severity.MEDIUM)
                .why("w").fix("f").remediation("fills in").build();

        @Override
        public CheckDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public CelRule celRule() {
            return CelRule.webhookOnly("a check of this test only");
        }

        @Override
        public void evaluate(Workload workload, FindingSink findings) {
            for (ContainerRef container : workload.containers()) {
                if (container.securityContext() == null
                        || container.securityContext().getReadOnlyRootFilesystem() == null) {
                    findings.container(container, FieldPath.of("securityContext", "readOnlyRootFilesystem"), "m");
                }
            }
            if (workload.podSpec().getSecurityContext() == null
                    || workload.podSpec().getSecurityContext().getFsGroup() == null) {
                findings.pod(FieldPath.of("securityContext", "fsGroup"), "m");
            }
        }

        @Override
        public boolean remediate(Workload workload, RemediationTarget target) {
            boolean changed = false;
            for (ContainerRef container : workload.containers()) {
                if (!target.includes(container)) {
                    continue;
                }
                if (container.container().getSecurityContext() == null) {
                    container.container().setSecurityContext(new SecurityContext());
                }
                if (container.container().getSecurityContext().getReadOnlyRootFilesystem() == null) {
                    container.container().getSecurityContext().setReadOnlyRootFilesystem(true);
                    changed = true;
                }
            }
            if (target.podLevelAllowed() && (workload.podSpec().getSecurityContext() == null
                    || workload.podSpec().getSecurityContext().getFsGroup() == null)) {
                if (workload.podSpec().getSecurityContext() == null) {
                    workload.podSpec().setSecurityContext(new PodSecurityContext());
                }
                workload.podSpec().getSecurityContext().setFsGroup(1001L);
                workload.podSpec().getVolumes().add(new VolumeBuilder().withName("added").withNewEmptyDir()
                        .endEmptyDir().build());
                changed = true;
            }
            return changed;
        }
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  volumes: [{name: data, emptyDir: {}}]
                  containers:
                  - name: web
                    image: web:1
                    securityContext: {readOnlyRootFilesystem: false}
                  - name: legacy
                    image: legacy:1
                  - name: proxy
                    image: proxy:1
                    securityContext: {runAsUser: 1000}
            """;

    private static CompiledPolicy policy(Exemptions exemptions) {
        Check check = new FillInCheck();
        return new CompiledPolicy("p", 0, Profile.HARDENED, PolicyActions.defaults(),
                List.of(new ActiveCheck(check, Severity.LOW)), WorkloadMatch.ALL, exemptions, false);
    }

    private static List<JsonPatchOperation> remediate(CompiledPolicy policy, ObjectNode manifest) {
        Workload workload = CheckFixtures.workload(manifest);
        EvaluationResult result = PolicyEvaluator.evaluate(policy, workload, Map.of(), Instant.now());
        return Remediator.remediate(policy, workload, result);
    }

    @Test
    void producesAddOperationsForMissingFieldsOnly() {
        List<JsonPatchOperation> operations = remediate(policy(Exemptions.NONE), CheckFixtures.tree(DEPLOYMENT));

        assertThat(operations).extracting(JsonPatchOperation::op).containsOnly("add");
        assertThat(operations).extracting(operation -> operation.path().toJsonPointer()).containsExactly(
                "/spec/template/spec/containers/1/securityContext",
                "/spec/template/spec/containers/2/securityContext/readOnlyRootFilesystem",
                "/spec/template/spec/securityContext",
                "/spec/template/spec/volumes/1");
        assertThat(operations.get(0).value()).hasToString("{\"readOnlyRootFilesystem\":true}");
        assertThat(operations.get(2).value()).hasToString("{\"fsGroup\":1001}");
    }

    @Test
    void patchAppliedToTheManifestKeepsEverythingElse() {
        ObjectNode manifest = CheckFixtures.tree(DEPLOYMENT);
        ObjectNode patched = manifest.deepCopy();
        JsonPatches.apply(patched, remediate(policy(Exemptions.NONE), manifest));

        JsonNode containers = patched.at("/spec/template/spec/containers");
        assertThat(containers.get(0).at("/securityContext/readOnlyRootFilesystem").asBoolean()).isFalse();
        assertThat(containers.get(1).at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(containers.get(2).at("/securityContext/runAsUser").asInt()).isEqualTo(1000);
        assertThat(patched.at("/spec/template/spec/volumes/0/name").asText()).isEqualTo("data");
        assertThat(patched.at("/spec/template/spec/volumes/1/name").asText()).isEqualTo("added");
        assertThat(remediate(policy(Exemptions.NONE), patched)).isEmpty();
    }

    @Test
    void exemptContainersAndPodLevelFieldsStayUntouched() {
        Exemption legacy = new Exemption(0, List.of("fill-in"), List.of(), List.of(), List.of("legacy"), List.of(),
                "needs a writable root", null);

        List<JsonPatchOperation> operations = remediate(policy(new Exemptions(List.of(legacy))),
                CheckFixtures.tree(DEPLOYMENT));

        assertThat(operations).extracting(operation -> operation.path().toJsonPointer())
                .containsExactly("/spec/template/spec/containers/2/securityContext/readOnlyRootFilesystem");
    }

    @Test
    void compliantWorkloadNeedsNoPatch() {
        ObjectNode manifest = CheckFixtures.tree("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {fsGroup: 2000}
                  containers: [{name: a, image: a:1, securityContext: {readOnlyRootFilesystem: true}}]
                """);
        assertThat(remediate(policy(Exemptions.NONE), manifest)).isEmpty();
    }

    /** Every remediation of the catalogue changes only the fields the patch is made from. */
    @ParameterizedTest
    @ValueSource(strings = {"bad-deployment.yaml", "bad-statefulset.yaml", "bad-daemonset.yaml", "bad-job.yaml",
            "bad-cronjob.yaml", "bad-pod.yaml"})
    void catalogueRemediationsChangeOnlyThePatchedFields(String sample) throws Exception {
        ObjectNode manifest = CheckFixtures.tree(Files.readString(Path.of("deploy/samples/workloads", sample)));
        CompiledPolicy everything = CompiledPolicy.forProfile(Profile.HARDENED);
        Workload workload = CheckFixtures.workload(manifest);
        JsonNode before = JsonMapper.builder().build().valueToTree(workload.podSpec());

        List<JsonPatchOperation> operations = Remediator.remediate(everything, workload,
                PolicyEvaluator.evaluate(everything, workload, Map.of(), Instant.now()));

        List<JsonPatchOperation> wholeSpecDiff = new ArrayList<>();
        Remediator.diff(before, JsonMapper.builder().build().valueToTree(workload.podSpec()), workload.podSpecPath(),
                wholeSpecDiff);
        assertThat(operations).isNotEmpty();
        assertThat(operations).map(operation -> operation.toJson().toString())
                .isEqualTo(wholeSpecDiff.stream().map(operation -> operation.toJson().toString()).toList());
    }
}
