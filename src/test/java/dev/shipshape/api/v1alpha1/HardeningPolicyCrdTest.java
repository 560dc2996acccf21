package dev.shipshape.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Facts about the generated HardeningPolicy CRD that users and the operator rely on. */
class HardeningPolicyCrdTest {

    private static CustomResourceDefinition crd;
    private static CustomResourceDefinitionVersion version;
    private static JSONSchemaProps root;

    @BeforeAll
    static void readGeneratedCrd() throws IOException {
        crd = new YAMLMapper().readValue(CrdGeneration.generate(), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        version = crd.getSpec().getVersions().get(0);
        root = version.getSchema().getOpenAPIV3Schema();
    }

    private static JSONSchemaProps at(String... path) {
        JSONSchemaProps schema = root;
        for (String segment : path) {
            schema = segment.equals("[]") ? schema.getItems().getSchema() : schema.getProperties().get(segment);
            assertThat(schema).as("schema of %s", String.join(".", path)).isNotNull();
        }
        return schema;
    }

    private static List<String> enumValues(JSONSchemaProps schema) {
        return schema.getEnum().stream().map(JsonNode::asText).toList();
    }

    /** Visits every schema below {@code schema} with its path, e.g. {@code spec.exemptions[].reason}. */
    private static void walk(String path, JSONSchemaProps schema, BiConsumer<String, JSONSchemaProps> visitor) {
        visitor.accept(path, schema);
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) ->
                    walk(path.isEmpty() ? name : path + "." + name, property, visitor));
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            walk(path + "[]", schema.getItems().getSchema(), visitor);
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            walk(path + "{}", schema.getAdditionalProperties().getSchema(), visitor);
        }
    }

    @Test
    void namesScopeAndVersion() {
        assertThat(crd.getMetadata().getName()).isEqualTo("hardeningpolicies.shipshape.dev");
        assertThat(crd.getSpec().getGroup()).isEqualTo("shipshape.dev");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("HardeningPolicy");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("hardeningpolicies");
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo("hardeningpolicy");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("hp");
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
    }

    @Test
    void statusIsASubresource() {
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(root.getProperties()).containsKeys("spec", "status");
    }

    @Test
    void printerColumns() {
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath,
                        CustomResourceColumnDefinition::getType)
                .containsExactly(
                        tuple("Mode", ".spec.mode", "string"),
                        tuple("Profile", ".spec.profile", "string"),
                        tuple("Compliant", ".status.complianceRatio", "string"),
                        tuple("Violations", ".status.summary.violating", "integer"),
                        tuple("WouldDeny", ".status.wouldDeny", "integer"),
                        tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string"),
                        tuple("Age", ".metadata.creationTimestamp", "date"));
    }

    @Test
    void enumsAndTheirDefaults() {
        assertThat(enumValues(at("spec", "profile"))).containsExactlyInAnyOrder("baseline", "restricted", "hardened");
        assertThat(at("spec", "profile").getDefault().asText()).isEqualTo("hardened");
        assertThat(enumValues(at("spec", "mode"))).containsExactlyInAnyOrder("Enforce", "Warn", "Audit");
        assertThat(at("spec", "mode").getDefault().asText()).isEqualTo("Audit");
        assertThat(enumValues(at("spec", "denySeverity"))).containsExactlyInAnyOrder("critical", "high", "medium", "low");
        assertThat(at("spec", "denySeverity").getDefault().asText()).isEqualTo("low");
        assertThat(enumValues(at("spec", "checks", "[]", "severity")))
                .containsExactlyInAnyOrder("critical", "high", "medium", "low");
        assertThat(at("spec", "checks", "[]", "severity").getDefault()).isNull();
        assertThat(enumValues(at("spec", "remediation", "admission"))).containsExactlyInAnyOrder("None", "Mutate");
        assertThat(at("spec", "remediation", "admission").getDefault().asText()).isEqualTo("None");
        assertThat(enumValues(at("spec", "remediation", "existing"))).containsExactlyInAnyOrder("None", "DryRun", "Patch");
        assertThat(at("spec", "remediation", "existing").getDefault().asText()).isEqualTo("None");
        assertThat(at("spec", "allowAnnotationExemptions").getDefault().asBoolean(true)).isFalse();
        assertThat(enumValues(at("spec", "match", "namespaceSelector", "matchExpressions", "[]", "operator")))
                .containsExactlyInAnyOrder("In", "NotIn", "Exists", "DoesNotExist");
        assertThat(enumValues(at("status", "conditions", "[]", "status")))
                .containsExactlyInAnyOrder("True", "False", "Unknown");
    }

    @Test
    void javaDefaultsAreTheSchemaDefaults() {
        ObjectMapper mapper = new ObjectMapper();
        List<String> checked = new ArrayList<>();
        BiConsumer<JsonNode, JSONSchemaProps> compare = new BiConsumer<>() {
            @Override
            public void accept(JsonNode javaDefaults, JSONSchemaProps schema) {
                schema.getProperties().forEach((name, property) -> {
                    if (property.getDefault() != null) {
                        assertThat(javaDefaults.get(name)).as(name).isEqualTo(property.getDefault());
                        checked.add(name);
                    }
                    if (property.getProperties() != null && javaDefaults.path(name).isObject()) {
                        accept(javaDefaults.get(name), property);
                    }
                });
            }
        };

        compare.accept(mapper.valueToTree(new HardeningPolicySpec()), at("spec"));
        compare.accept(mapper.valueToTree(new CheckOverride()), at("spec", "checks", "[]"));

        assertThat(checked).containsExactlyInAnyOrder("profile", "podSecurityVersion", "mode", "denySeverity", "enforcement",
                "allowAnnotationExemptions", "admission", "existing", "disabled");
    }

    @Test
    void podSecurityVersionIsValidatedByTheSchema() {
        assertThat(at("spec", "podSecurityVersion").getPattern())
                .isEqualTo(HardeningPolicySpec.POD_SECURITY_VERSION_FORMAT);
    }

    @Test
    void requiredFields() {
        assertThat(at("spec", "checks", "[]").getRequired()).containsExactly("id");
        assertThat(at("spec", "exemptions", "[]").getRequired()).containsExactly("reason");
        assertThat(at("spec", "exemptions", "[]", "reason").getMinLength()).isEqualTo(1L);
        assertThat(at("spec", "match", "objectSelector", "matchExpressions", "[]").getRequired())
                .containsExactlyInAnyOrder("key", "operator");
        assertThat(at("status", "conditions", "[]").getRequired()).containsExactlyInAnyOrder("type", "status");
    }

    @Test
    void timestampsAreDateTimeStrings() {
        List<String> dateTimes = new ArrayList<>();
        walk("", root, (path, schema) -> {
            if ("date-time".equals(schema.getFormat())) {
                assertThat(schema.getType()).as(path).isEqualTo("string");
                dateTimes.add(path);
            }
        });

        assertThat(dateTimes).containsExactlyInAnyOrder("spec.exemptions[].expires", "status.lastAuditTime",
                "status.conditions[].lastTransitionTime",
                "status.exemptions[].expires", "status.remediation.recent[].patchedAt",
                "status.remediation.failures[].failedAt");
    }

    @Test
    void everyPropertyHasADescription() {
        List<String> undescribed = new ArrayList<>();
        walk("", root, (path, schema) -> {
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((name, property) -> {
                    if (property.getDescription() == null || property.getDescription().isBlank()) {
                        undescribed.add(path.isEmpty() ? name : path + "." + name);
                    }
                });
            }
        });

        assertThat(undescribed).as("properties without a description").isEmpty();
    }

    @Test
    void schemaNeedsNoCelSoItWorksOnKubernetes120() {
        List<String> withRules = new ArrayList<>();
        walk("", root, (path, schema) -> {
            if (schema.getXKubernetesValidations() != null && !schema.getXKubernetesValidations().isEmpty()) {
                withRules.add(path);
            }
        });

        assertThat(withRules).isEmpty();
    }
}
