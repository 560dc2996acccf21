package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.policy.checks.CheckFixtures;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remediation never makes a pod the API server or the kubelet refuses ({@link KubernetesPodRules}), and never gives
 * a workload a finding it did not have, under any profile: so a Mutate policy, even in Warn or Audit mode, can never
 * turn an admissible object into a rejected one. Proven on every check fixture, sample and review fixture, and on
 * generated pods that combine the fields where remediations and validation meet.
 */
class RemediationValidityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** More than the largest generated pod takes: its fields and up to three containers and an init container. */
    private static final int CHOICES = 160;
    private static final List<CompiledPolicy> PROFILES = List.of(CompiledPolicy.forProfile(Profile.BASELINE),
            CompiledPolicy.forProfile(Profile.RESTRICTED), CompiledPolicy.forProfile(Profile.HARDENED));

    /** What remediating {@code manifest} under {@code policy} did wrong; empty when nothing. */
    static List<String> mistakes(CompiledPolicy policy, ObjectNode manifest) {
        Optional<Workload> before = workload(manifest);
        if (before.isEmpty()) {
            return List.of();
        }
        Set<String> problemsBefore = KubernetesPodRules.problems(before.get());
        Set<String> findingsBefore = findingKeys(policy, before.get());
        ObjectNode copy = manifest.deepCopy();
        Workload target = workload(copy).orElseThrow();
        EvaluationResult result = PolicyEvaluator.evaluate(policy, target, Map.of(), Instant.now());
        List<JsonPatchOperation> patch = Remediator.remediate(policy, target, result);
        JsonPatches.apply(copy, patch);
        Workload after = workload(copy).orElseThrow();
        List<String> mistakes = new ArrayList<>();
        for (String problem : KubernetesPodRules.problems(after)) {
            if (!problemsBefore.contains(problem)) {
                mistakes.add(policy.name() + " made it invalid: " + problem);
            }
        }
        for (String finding : findingKeys(policy, after)) {
            if (!findingsBefore.contains(finding)) {
                mistakes.add(policy.name() + " added a finding: " + finding);
            }
        }
        return mistakes;
    }

    private static Optional<Workload> workload(JsonNode manifest) {
        try {
            return Workloads.fromTree(manifest);
        } catch (InvalidWorkloadException e) {
            return Optional.empty();
        }
    }

    private static Set<String> findingKeys(CompiledPolicy policy, Workload workload) {
        Set<String> keys = new HashSet<>();
        for (Finding finding : PolicyEvaluator.findings(policy, workload)) {
            keys.add(finding.checkId() + " " + finding.path());
        }
        return keys;
    }

    @Example
    void everyFixtureSampleAndReviewIsRemediatedIntoAValidObject() throws IOException {
        List<ObjectNode> manifests = new ArrayList<>();
        for (Path file : files(Path.of("src/test/resources/checks"), Path.of("deploy/samples/workloads"))) {
            manifests.addAll(CheckFixtures.documents(Files.readString(file)));
        }
        for (Path file : files(Path.of("src/test/resources/webhook/reviews"))) {
            JsonNode object = JSON.readTree(file.toFile()).at("/request/object");
            if (object.isObject()) {
                manifests.add((ObjectNode) object);
            }
        }
        assertThat(manifests).hasSizeGreaterThan(100);
        for (ObjectNode manifest : manifests) {
            for (CompiledPolicy policy : PROFILES) {
                assertThat(mistakes(policy, manifest)).as("%s", manifest.path("metadata").path("name")).isEmpty();
            }
        }
    }

    private static List<Path> files(Path... directories) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(Files::isRegularFile)
                        .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".json"))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Example
    void thePodsThatUsedToBeRemediatedIntoRejectedOnesAreNot() {
        List<String> pods = List.of(
                "containers: [{name: app, image: a:1, securityContext: {privileged: true}}]",
                "containers: [{name: app, image: a:1, securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}}]",
                "securityContext: {runAsUser: 0}\ncontainers: [{name: app, image: a:1}]",
                "containers: [{name: app, image: a:1, securityContext: {runAsUser: 0}}, {name: b, image: b:1}]",
                "os: {name: windows}\nsecurityContext: {windowsOptions: {runAsUserName: ContainerAdministrator}}\n"
                        + "containers: [{name: app, image: a:1}]",
                "containers: [{name: app, image: a:1}]",
                "volumes: [{name: tmp, configMap: {name: c}}]\n"
                        + "containers: [{name: app, image: a:1, volumeMounts: [{name: tmp, mountPath: /etc/c}]}]");
        for (String spec : pods) {
            ObjectNode pod = CheckFixtures.tree("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n"
                    + "spec:\n" + spec.indent(2));
            pod.withObject("/metadata").putObject("annotations")
                    .put("seccomp.security.alpha.kubernetes.io/pod", "unconfined");
            for (CompiledPolicy policy : PROFILES) {
                assertThat(mistakes(policy, pod)).as(spec).isEmpty();
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, 99).list().ofSize(CHOICES);
    }

    @Property(tries = 1000)
    void generatedPodsAreRemediatedIntoValidOnes(@ForAll("choices") List<Integer> choices) {
        ObjectNode manifest = GeneratedPod.build(choices.iterator());
        boolean changed = false;
        for (CompiledPolicy policy : PROFILES) {
            assertThat(mistakes(policy, manifest)).as("%s", manifest).isEmpty();
            Workload workload = workload(manifest).orElseThrow();
            changed |= !Remediator.remediate(policy, workload,
                    PolicyEvaluator.evaluate(policy, workload, Map.of(), Instant.now())).isEmpty();
        }
        Statistics.label("remediated").collect(changed);
    }

    /** Pods and Deployments built from a stream of choices, over the fields remediations and validation share. */
    private static final class GeneratedPod {

        private final Iterator<Integer> choices;

        private GeneratedPod(Iterator<Integer> choices) {
            this.choices = choices;
        }

        static ObjectNode build(Iterator<Integer> choices) {
            return new GeneratedPod(choices).manifest();
        }

        private <T> T pick(List<T> options) {
            return options.get(choices.next() % options.size());
        }

        private ObjectNode manifest() {
            ObjectNode pod = JSON.createObjectNode();
            ObjectNode metadata = pod.putObject("metadata").put("name", "p").put("namespace", "shop");
            ObjectNode spec = pod.putObject("spec");
            String os = pick(java.util.Arrays.asList(null, "linux", "windows"));
            if (os != null) {
                spec.putObject("os").put("name", os);
            }
            Boolean hostUsers = pick(java.util.Arrays.asList(null, false));
            if (hostUsers != null) {
                spec.put("hostUsers", hostUsers);
            }
            ObjectNode podContext = JSON.createObjectNode();
            putLong(podContext, "runAsUser", pick(java.util.Arrays.asList(null, 0L, 1001L)));
            putBoolean(podContext, "runAsNonRoot", pick(java.util.Arrays.asList(null, true, false)));
            String podProfile = pick(java.util.Arrays.asList(null, "RuntimeDefault", "Unconfined"));
            if (podProfile != null) {
                podContext.putObject("seccompProfile").put("type", podProfile);
            }
            String windowsUser = pick(java.util.Arrays.asList(null, "ContainerAdministrator", "ContainerUser"));
            if (windowsUser != null) {
                podContext.putObject("windowsOptions").put("runAsUserName", windowsUser);
            }
            if (!podContext.isEmpty()) {
                spec.set("securityContext", podContext);
            }
            ObjectNode annotations = JSON.createObjectNode();
            String podAnnotation = pick(java.util.Arrays.asList(null, "unconfined", "runtime/default", "localhost/p"));
            if (podAnnotation != null) {
                annotations.put("seccomp.security.alpha.kubernetes.io/pod", podAnnotation);
            }
            String containerAnnotation = pick(java.util.Arrays.asList(null, "unconfined", "docker/default"));
            if (containerAnnotation != null) {
                annotations.put("container.seccomp.security.alpha.kubernetes.io/c0", containerAnnotation);
            }
            if (!annotations.isEmpty()) {
                metadata.set("annotations", annotations);
            }
            String volumes = pick(List.of("", "[{name: tmp, emptyDir: {}}]", "[{name: tmp, hostPath: {path: /tmp}}]",
                    "[{name: tmp}]", "[{name: tmp, configMap: {name: c}}, {name: tmp-2, emptyDir: {}}]"));
            if (!volumes.isEmpty()) {
                spec.set("volumes", yaml(volumes));
            }
            ArrayNode containers = spec.putArray("containers");
            int count = 1 + pick(List.of(0, 1, 2));
            for (int i = 0; i < count; i++) {
                containers.add(container("c" + i, !volumes.isEmpty()));
            }
            if (pick(List.of(false, true))) {
                spec.putArray("initContainers").add(container("init", !volumes.isEmpty()));
            }
            if (pick(List.of(false, false, true))) {
                pod.put("apiVersion", "apps/v1").put("kind", "Deployment");
                ObjectNode deployment = JSON.createObjectNode();
                deployment.set("metadata", metadata.deepCopy());
                deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
                ObjectNode template = deployment.putObject("spec").putObject("template");
                template.set("metadata", JSON.createObjectNode().set("annotations",
                        annotations.isEmpty() ? JSON.createObjectNode() : annotations));
                template.set("spec", spec);
                return deployment;
            }
            pod.put("apiVersion", "v1").put("kind", "Pod");
            if (pick(List.of(false, true))) {
                spec.putArray("ephemeralContainers").add(container("debug", false));
            }
            return pod;
        }

        private ObjectNode container(String name, boolean mayMountTmp) {
            ObjectNode container = JSON.createObjectNode().put("name", name).put("image", "app:1.0");
            ObjectNode context = JSON.createObjectNode();
            putBoolean(context, "privileged", pick(java.util.Arrays.asList(null, true, false)));
            putBoolean(context, "allowPrivilegeEscalation", pick(java.util.Arrays.asList(null, null, true, false)));
            putLong(context, "runAsUser", pick(java.util.Arrays.asList(null, null, 0L, 1001L)));
            putBoolean(context, "runAsNonRoot", pick(java.util.Arrays.asList(null, null, true, false)));
            putBoolean(context, "readOnlyRootFilesystem", pick(java.util.Arrays.asList(null, null, true, false)));
            String added = pick(List.of("", "[CAP_SYS_ADMIN]", "[SYS_ADMIN]", "[NET_BIND_SERVICE]", "[NET_RAW]"));
            String dropped = pick(List.of("", "[ALL]", "[NET_RAW]"));
            if (!added.isEmpty() || !dropped.isEmpty()) {
                ObjectNode capabilities = context.putObject("capabilities");
                if (!added.isEmpty()) {
                    capabilities.set("add", yaml(added));
                }
                if (!dropped.isEmpty()) {
                    capabilities.set("drop", yaml(dropped));
                }
            }
            if (pick(List.of(false, false, true))) {
                context.putObject("seccompProfile").put("type", pick(List.of("RuntimeDefault", "Unconfined")));
            }
            if (!context.isEmpty()) {
                container.set("securityContext", context);
            }
            if (mayMountTmp && pick(List.of(false, true))) {
                container.putArray("volumeMounts").addObject().put("name", "tmp")
                        .put("mountPath", pick(List.of("/tmp", "/tmp/", "/var/cache")));
            }
            return container;
        }

        private static JsonNode yaml(String text) {
            try {
                return YAML.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException(text, e);
            }
        }

        private static void putBoolean(ObjectNode node, String field, Boolean value) {
            if (value != null) {
                node.put(field, value);
            }
        }

        private static void putLong(ObjectNode node, String field, Long value) {
            if (value != null) {
                node.put(field, value);
            }
        }
    }
}
