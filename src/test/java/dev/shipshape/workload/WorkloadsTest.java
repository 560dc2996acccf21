package dev.shipshape.workload;

import dev.shipshape.policy.WorkloadKinds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Workload;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WorkloadsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode yaml(String text) {
        return MAPPER.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    private static String container(String name) {
        return "{name: " + name + ", image: example/" + name + ":1.0}";
    }

    static Stream<Arguments> kinds() {
        String template = "template:\n  metadata: {labels: {app: x}, annotations: {note: pod}}\n"
                + "  spec: {containers: [" + container("app") + "]}\n";
        return Stream.of(
                arguments("v1", "Pod", "spec: {containers: [" + container("app") + "]}",
                        "spec", "metadata", false),
                arguments("apps/v1", "Deployment", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("apps/v1", "StatefulSet", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("apps/v1", "DaemonSet", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("apps/v1", "ReplicaSet", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("extensions/v1beta1", "Deployment", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("v1", "ReplicationController", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", false),
                arguments("batch/v1", "Job", "spec:\n" + template.indent(2), "spec.template.spec",
                        "spec.template.metadata", true),
                arguments("batch/v1", "CronJob", "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n"
                                + template.indent(6), "spec.jobTemplate.spec.template.spec",
                        "spec.jobTemplate.spec.template.metadata", true),
                arguments("batch/v1beta1", "CronJob", "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n"
                                + template.indent(6), "spec.jobTemplate.spec.template.spec",
                        "spec.jobTemplate.spec.template.metadata", true),
                arguments("v1", "PodTemplate", template, "template.spec", "template.metadata", false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void extractsPodSpecOfEveryWorkloadKind(String apiVersion, String kind, String body, String specPath,
                                            String metadataPath, boolean batch) throws Exception {
        JsonNode manifest = yaml("apiVersion: " + apiVersion + "\nkind: " + kind
                + "\nmetadata: {name: web, namespace: shop, labels: {team: a}, annotations: {owner: b}}\n" + body);

        Workload workload = Workloads.fromTree(manifest).orElseThrow();

        assertThat(workload.kind()).isEqualTo(kind);
        assertThat(workload.ref().apiVersion()).isEqualTo(apiVersion);
        assertThat(workload.namespace()).isEqualTo("shop");
        assertThat(workload.name()).isEqualTo("web");
        assertThat(workload.labels()).containsEntry("team", "a");
        assertThat(workload.annotations()).containsEntry("owner", "b");
        assertThat(workload.podSpecPath()).hasToString(specPath);
        assertThat(workload.podMetadataPath()).hasToString(metadataPath);
        assertThat(workload.isBatch()).isEqualTo(batch);
        assertThat(workload.containers()).extracting(ref -> ref.name()).containsExactly("app");
        assertThat(workload.containers().get(0).container().getImage()).isEqualTo("example/app:1.0");
    }

    @Test
    void otherKindsAreNotApplicable() throws Exception {
        assertThat(Workloads.fromTree(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}")))
                .isEmpty();
        assertThat(Workloads.fromTree(yaml("apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: c}")))
                .isEmpty();
        assertThat(Workloads.fromTree(yaml("kind: Pod"))).isEmpty();
        assertThat(Workloads.fromTree(yaml("- a\n- b"))).isEmpty();
    }

    @Test
    void wrongTypeNamesTheField() {
        JsonNode manifest = yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
                + "  template:\n    spec:\n      containers:\n      - name: app\n        ports:\n"
                + "        - containerPort: [80]\n");

        assertThatThrownBy(() -> Workloads.fromTree(manifest))
                .isInstanceOf(InvalidWorkloadException.class)
                .hasMessageStartingWith("spec.template.spec.containers[0].ports[0].containerPort: expected an integer")
                .extracting(e -> ((InvalidWorkloadException) e).problem().path())
                .isEqualTo(FieldPath.of("spec", "template", "spec", "containers").index(0).field("ports").index(0)
                        .field("containerPort"));
    }

    @Test
    void nullListItemsAreRejectedWithTheirPath() {
        JsonNode manifest = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  -\n");

        assertThatThrownBy(() -> Workloads.fromTree(manifest))
                .isInstanceOf(InvalidWorkloadException.class)
                .hasMessage("spec.containers[0]: a list item must not be null");
    }

    @Test
    void nullListsAndMapsReadAsEmpty() throws Exception {
        Workload workload = Workloads.fromTree(yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: ~}\n"
                + "spec: {containers: ~, initContainers: ~, ephemeralContainers: ~, volumes: ~, nodeSelector: ~}\n"))
                .orElseThrow();

        assertThat(workload.containers()).isEmpty();
        assertThat(workload.podSpec().getVolumes()).isEmpty();
        assertThat(workload.podSpec().getNodeSelector()).isEmpty();
    }

    @Test
    void templateThatIsNotAnObjectIsRejected() {
        JsonNode manifest = yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                + "spec: {template: {spec: [1, 2]}}");

        assertThatThrownBy(() -> Workloads.fromTree(manifest))
                .isInstanceOf(InvalidWorkloadException.class)
                .hasMessage("spec.template.spec: expected an object, got a list");
    }

    @Test
    void missingTemplateGivesEmptyPodSpec() throws Exception {
        Workload workload = Workloads.fromTree(yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}"))
                .orElseThrow();
        assertThat(workload.containers()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void countsContainersOfEveryKindWithoutReadingThem(String apiVersion, String kind, String body) {
        JsonNode manifest = yaml("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: w}\n" + body);

        assertThat(Workloads.containerCount(manifest, WorkloadKinds.BUILT_IN)).isEqualTo(1);
    }

    @Test
    void countsInitRegularAndEphemeralContainers() {
        JsonNode manifest = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n"
                + "  initContainers: [" + container("a") + ", " + container("b") + "]\n"
                + "  containers: [" + container("c") + ", {name: [not, read]}, 7]\n"
                + "  ephemeralContainers: [" + container("d") + "]\n");

        assertThat(Workloads.containerCount(manifest, WorkloadKinds.BUILT_IN)).isEqualTo(6);
    }

    @Test
    void countsNoContainersWhereThereIsNoPodSpec() {
        assertThat(Workloads.containerCount(yaml("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}"), WorkloadKinds.BUILT_IN)).isZero();
        assertThat(Workloads.containerCount(yaml("apiVersion: v1\nkind: Pod\nspec: [1]"), WorkloadKinds.BUILT_IN)).isZero();
        assertThat(Workloads.containerCount(yaml("apiVersion: v1\nkind: Pod\nspec: {containers: {a: b}}"), WorkloadKinds.BUILT_IN)).isZero();
        assertThat(Workloads.containerCount(yaml("[1, 2]"), WorkloadKinds.BUILT_IN)).isZero();
    }

    @Test
    void withoutPodSpecReadsOnlyTheMetadata() throws Exception {
        JsonNode manifest = yaml("apiVersion: apps/v1\nkind: Deployment\n"
                + "metadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  template:\n"
                + "    metadata: {annotations: {note: pod}}\n"
                + "    spec: {containers: [{name: app, ports: [{containerPort: [80]}]}]}\n");

        Workload workload = Workloads.withoutPodSpec(manifest, WorkloadKinds.BUILT_IN).orElseThrow();

        assertThat(workload.ref().display()).isEqualTo("Deployment shop/web");
        assertThat(workload.labels()).containsEntry("app", "web");
        assertThat(workload.podMetadata().getAnnotations()).containsEntry("note", "pod");
        assertThat(workload.containers()).isEmpty();
        assertThatThrownBy(() -> Workloads.fromTree(manifest)).isInstanceOf(InvalidWorkloadException.class);
    }

    @Test
    void generateNameStandsInForMissingName() throws Exception {
        Workload workload = Workloads.fromTree(yaml("apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\n"
                + "spec: {containers: [" + container("app") + "]}")).orElseThrow();
        assertThat(workload.name()).isEqualTo("job-");
    }

    @Test
    void typedObjectsShareTheirPodSpec() throws Exception {
        var deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withTemplate(new PodTemplateSpecBuilder()
                        .withSpec(new PodSpecBuilder().addNewContainer().withName("app").endContainer().build())
                        .build())
                .endSpec().build();

        Workload workload = Workloads.fromObject(deployment).orElseThrow();

        assertThat(workload.podSpec()).isSameAs(deployment.getSpec().getTemplate().getSpec());
        assertThat(workload.podSpecPath()).hasToString("spec.template.spec");
    }

    @Test
    void typedCronJob() throws Exception {
        var cronJob = new CronJobBuilder().withNewMetadata().withName("nightly").endMetadata()
                .withNewSpec().withSchedule("0 0 * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewSpec().addNewContainer().withName("run").endContainer().endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec().build();

        Optional<Workload> workload = Workloads.fromObject(cronJob);

        assertThat(workload).hasValueSatisfying(w -> {
            assertThat(w.isBatch()).isTrue();
            assertThat(w.containers()).hasSize(1);
        });
    }

    @Test
    void aDeclaredKindIsReadFromItsTemplatePathAndOthersStaySkipped() throws Exception {
        JsonNode rollout = yaml("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n"
                + "metadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  strategy: {canary: {}}\n"
                + "  template:\n    metadata: {labels: {app: web}}\n"
                + "    spec: {containers: [{name: app, image: \"nginx:1.27\"}]}\n");
        WorkloadKinds kinds = WorkloadKinds.declared(java.util.List.of("argoproj.io/v1alpha1/Rollout=spec.template"));

        Workload workload = Workloads.fromTree(rollout, kinds).orElseThrow();

        assertThat(workload.ref().display()).isEqualTo("Rollout shop/web");
        assertThat(workload.ref().apiVersion()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(workload.containers()).singleElement()
                .satisfies(container -> assertThat(container.path().toString())
                        .isEqualTo("spec.template.spec.containers[0]"));
        assertThat(Workloads.containerCount(rollout, kinds)).isEqualTo(1);
        assertThat(Workloads.fromTree(rollout)).as("not declared: not a workload").isEmpty();
        assertThat(Workloads.fromObject(new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(rollout.toString(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class),
                kinds)).isPresent();
    }
}
