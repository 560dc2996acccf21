package dev.shipshape.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.WorkloadRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The optional PolicyReport and OpenReports CRDs are well-formed and accept every report {@link PolicyReports} builds
 * for their API.
 */
class PolicyReportCrdTest {

    private static final List<Path> CRD_FILES = List.of(
            Path.of("deploy", "components", "policy-reports", "policyreport-crd.yaml"),
            Path.of("deploy", "components", "open-reports", "openreports-crd.yaml"));
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static Map<String, CustomResourceDefinition> crds;

    @BeforeAll
    static void load() throws IOException {
        crds = new LinkedHashMap<>();
        for (Path file : CRD_FILES) {
            try (MappingIterator<CustomResourceDefinition> documents = new YAMLMapper()
                    .readerFor(CustomResourceDefinition.class).readValues(file.toFile())) {
                for (CustomResourceDefinition crd : documents.readAll()) {
                    crds.put(crd.getSpec().getNames().getKind(), crd);
                }
            }
        }
    }

    static Stream<Arguments> definitions() {
        return Stream.of(
                arguments("PolicyReport", "policyreports.wgpolicyk8s.io", "policyreports", "Namespaced",
                        "wgpolicyk8s.io", "v1alpha2"),
                arguments("ClusterPolicyReport", "clusterpolicyreports.wgpolicyk8s.io", "clusterpolicyreports",
                        "Cluster", "wgpolicyk8s.io", "v1alpha2"),
                arguments("Report", "reports.openreports.io", "reports", "Namespaced", "openreports.io", "v1alpha1"),
                arguments("ClusterReport", "clusterreports.openreports.io", "clusterreports", "Cluster",
                        "openreports.io", "v1alpha1"));
    }

    @Test
    void definesExactlyTheTwoReportKindsOfEachApi() {
        assertThat(crds.keySet()).containsExactly("PolicyReport", "ClusterPolicyReport", "Report", "ClusterReport");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void servesAndStoresTheirVersion(String kind, String name, String plural, String scope, String group,
                                     String apiVersion) {
        CustomResourceDefinition crd = crds.get(kind);

        assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
        assertThat(crd.getMetadata().getName()).isEqualTo(name);
        assertThat(crd.getSpec().getGroup()).isEqualTo(group);
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
        assertThat(crd.getSpec().getScope()).isEqualTo(scope);
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo(apiVersion);
            assertThat(version.getServed()).isTrue();
            assertThat(version.getStorage()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void printsTheSummary(String kind) {
        List<CustomResourceColumnDefinition> columns = version(kind).getAdditionalPrinterColumns();

        assertThat(columns).extracting(column -> column.getName() + " " + column.getType() + " " + column.getJsonPath())
                .containsExactly(
                        "Pass integer .summary.pass",
                        "Fail integer .summary.fail",
                        "Warn integer .summary.warn",
                        "Error integer .summary.error",
                        "Skip integer .summary.skip",
                        "Age date .metadata.creationTimestamp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void schemaIsStructural(String kind) {
        JSONSchemaProps root = schema(kind);

        assertThat(root.getType()).isEqualTo("object");
        assertThat(root.getXKubernetesPreserveUnknownFields()).isNull();
        assertThat(root.getProperties()).containsKeys("apiVersion", "kind", "metadata", "scope", "scopeSelector",
                "summary", "results");
        JSONSchemaProps metadata = root.getProperties().get("metadata");
        assertThat(metadata.getType()).isEqualTo("object");
        assertThat(metadata.getProperties() == null ? Map.of() : metadata.getProperties()).isEmpty();
        List<String> untyped = new ArrayList<>();
        collectUntyped(root, "", untyped);
        assertThat(untyped).as("schema nodes without a type").isEmpty();
    }

    @Test
    void bothKindsOfAnApiShareOneReportSchemaAndOpenReportsAddOnlyItsRootFields() {
        assertThat(schema("ClusterPolicyReport").getProperties()).isEqualTo(schema("PolicyReport").getProperties());
        assertThat(schema("ClusterReport").getProperties()).isEqualTo(schema("Report").getProperties());
        Map<String, JSONSchemaProps> openReports = new LinkedHashMap<>(schema("Report").getProperties());
        assertThat(openReports.remove("source").getType()).isEqualTo("string");
        assertThat(openReports.remove("configuration").getProperties()).containsOnlyKeys("limits");
        assertThat(openReports).isEqualTo(schema("PolicyReport").getProperties());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void resultsFollowThePublishedFields(String kind) {
        JSONSchemaProps item = schema(kind).getProperties().get("results").getItems().getSchema();

        assertThat(item.getRequired()).containsExactly("policy");
        assertThat(item.getProperties()).containsOnlyKeys("policy", "rule", "category", "severity", "timestamp",
                "result", "scored", "source", "message", "resources", "resourceSelector", "properties");
        assertThat(enumValues(item.getProperties().get("severity")))
                .containsExactlyInAnyOrder("critical", "high", "medium", "low", "info");
        assertThat(enumValues(item.getProperties().get("result")))
                .containsExactlyInAnyOrder("pass", "fail", "warn", "error", "skip");
        JSONSchemaProps timestamp = item.getProperties().get("timestamp");
        assertThat(timestamp.getProperties().get("seconds").getFormat()).isEqualTo("int64");
        assertThat(timestamp.getProperties().get("nanos").getFormat()).isEqualTo("int32");
        assertThat(schema(kind).getProperties().get("summary").getProperties())
                .containsOnlyKeys("pass", "fail", "warn", "error", "skip");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReportApi.class)
    void everyBuiltReportFitsTheSchemaOfItsApi(ReportApi api) {
        Map<String, Object> report = asMap(richReport(api));

        assertThat(report).containsEntry("apiVersion", api.apiVersion()).containsEntry("kind", api.kind());
        assertThat(PolicyReportsTest.results(richReport(api))).as("the report exercises every field it can write")
                .anySatisfy(result -> assertThat(result).containsKeys("properties", "timestamp", "category"))
                .hasSize(3);
        List<String> problems = new ArrayList<>();
        report.remove("metadata");
        conform(report, schema(api.kind()), "", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaWalkFindsWhatDoesNotFit() {
        Map<String, Object> report = asMap(richReport(ReportApi.POLICY_REPORT));
        report.remove("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) report.get("results")).get(0);
        result.put("owner", "someone");
        result.put("result", "denied");
        @SuppressWarnings("unchecked")
        Map<String, Object> timestamp = (Map<String, Object>) result.get("timestamp");
        timestamp.put("nanos", 5_000_000_000L);

        List<String> problems = new ArrayList<>();
        conform(report, schema("PolicyReport"), "", problems);

        assertThat(problems).containsExactlyInAnyOrder(
                ".results[0].owner is not in the schema",
                ".results[0].result: denied is not one of [pass, fail, warn, error, skip]",
                ".results[0].timestamp.nanos: 5000000000 is not an int32");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** A report with fail and warn results, container and pod findings, a cap and every optional field. */
    private static GenericKubernetesResource richReport(ReportApi api) {
        WorkloadRef web = new WorkloadRef("apps/v1", "Deployment", "shop", "web");
        FieldPath containers = FieldPath.of("spec", "template", "spec").field("containers").index(0);
        Finding privileged = new Finding("privileged", Severity.CRITICAL, web, "app", "nginx:1.27",
                containers.field("securityContext").field("privileged"), "must not run privileged",
                "Remove securityContext.privileged or set it to false.");
        Finding nonRoot = new Finding("run-as-non-root", Severity.HIGH, web, null, null,
                FieldPath.of("spec", "template", "spec", "securityContext", "runAsNonRoot"),
                "the pod must set runAsNonRoot", null);
        Finding readOnly = new Finding("read-only-root-filesystem", Severity.MEDIUM, web, "app", "nginx:1.27",
                containers.field("securityContext").field("readOnlyRootFilesystem"),
                "container \"app\" must set readOnlyRootFilesystem", "Set it to true.");
        Finding limits = new Finding("resource-limits", Severity.LOW, web, "app", "nginx:1.27",
                containers.field("resources").field("limits"), "container \"app\" has no limits", "Set limits.");
        Instant audited = Instant.parse("2025-03-04T05:06:07.999999999Z");
        List<Verdict> verdicts = List.of(
                new Verdict(web, "0b5d4a1e-0000-4000-8000-000000000001", VerdictStatus.VIOLATING,
                        List.of(privileged, nonRoot, readOnly, limits), true, List.of(), audited),
                new Verdict(new WorkloadRef("apps/v1", "StatefulSet", "shop", "db"), "uid-db",
                        VerdictStatus.EXEMPT, List.of(), false, List.of(), audited),
                new Verdict(new WorkloadRef("batch/v1", "CronJob", "shop", "nightly"), "uid-nightly",
                        VerdictStatus.COMPLIANT, List.of(), false, List.of(), audited));
        return PolicyReports.build(api, "restricted", Severity.HIGH, 20, "shop", verdicts, 3);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(GenericKubernetesResource report) {
        return SERIALIZATION.unmarshal(SERIALIZATION.asJson(report), Map.class);
    }

    private static CustomResourceDefinitionVersion version(String kind) {
        return crds.get(kind).getSpec().getVersions().get(0);
    }

    private static JSONSchemaProps schema(String kind) {
        return version(kind).getSchema().getOpenAPIV3Schema();
    }

    private static List<String> enumValues(JSONSchemaProps schema) {
        return schema.getEnum() == null ? List.of() : schema.getEnum().stream().map(JsonNode::asText).toList();
    }

    private static void collectUntyped(JSONSchemaProps schema, String path, List<String> untyped) {
        if (schema.getType() == null || schema.getType().isEmpty()) {
            untyped.add(path.isEmpty() ? "(root)" : path);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> collectUntyped(property, path + "." + name, untyped));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collectUntyped(schema.getItems().getSchema(), path + "[]", untyped);
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            collectUntyped(schema.getAdditionalProperties().getSchema(), path + "{}", untyped);
        }
    }

    /** Adds to {@code problems} every part of {@code value} the API server would prune or reject. */
    private static void conform(Object value, JSONSchemaProps schema, String path, List<String> problems) {
        switch (schema.getType()) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": " + value + " is not an object");
                    return;
                }
                Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of()
                        : schema.getProperties();
                JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null
                        : schema.getAdditionalProperties().getSchema();
                map.forEach((key, item) -> {
                    JSONSchemaProps property = properties.containsKey(key) ? properties.get(key) : additional;
                    if (property == null) {
                        problems.add(path + "." + key + " is not in the schema");
                    } else {
                        conform(item, property, path + "." + key, problems);
                    }
                });
                if (schema.getRequired() != null) {
                    schema.getRequired().stream().filter(required -> !map.containsKey(required))
                            .forEach(required -> problems.add(path + "." + required + " is required"));
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": " + value + " is not an array");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    conform(list.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String text)) {
                    problems.add(path + ": " + value + " is not a string");
                } else if (!enumValues(schema).isEmpty() && !enumValues(schema).contains(text)) {
                    problems.add(path + ": " + text + " is not one of " + enumValues(schema));
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(path + ": " + value + " is not an integer");
                } else if ("int32".equals(schema.getFormat())
                        && (((Number) value).longValue() > Integer.MAX_VALUE
                        || ((Number) value).longValue() < Integer.MIN_VALUE)) {
                    problems.add(path + ": " + value + " is not an int32");
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(path + ": " + value + " is not a boolean");
                }
            }
            default -> problems.add(path + ": unexpected schema type " + schema.getType());
        }
    }
}
