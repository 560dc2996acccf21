package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.CliRunner;
import dev.shipshape.policy.FieldPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestLoaderTest {

    private static ManifestFile yaml(String text) {
        return ManifestLoader.parse(new InputSource("test.yaml", Path.of("/tmp/test.yaml"), Path.of("test.yaml")),
                text);
    }

    private static final String DEPLOYMENT = """
            # comment line 1
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25.3
                    securityContext:
                      privileged: true
            """;

    @Test
    void everyNodeMapsToItsLineAndMissingFieldsToTheirNearestParent() {
        ManifestFile file = yaml(DEPLOYMENT);
        SourceMap lines = file.documents().get(0).sourceMap();
        FieldPath container = FieldPath.of("spec", "template", "spec", "containers").index(0);

        assertThat(lines.line(FieldPath.ROOT)).isEqualTo(2);
        assertThat(lines.line(FieldPath.of("metadata", "name"))).isEqualTo(5);
        assertThat(lines.line(container)).isEqualTo(10);
        assertThat(lines.line(container.field("image"))).isEqualTo(11);
        assertThat(lines.line(container.field("securityContext").field("privileged"))).isEqualTo(13);
        assertThat(lines.locate(container.field("securityContext").field("privileged")))
                .isEqualTo(new SourcePosition(13, 11));
        assertThat(lines.line(container.field("securityContext").field("runAsNonRoot"))).isEqualTo(12);
        assertThat(lines.line(container.field("resources").field("limits"))).isEqualTo(10);
        assertThat(lines.line(FieldPath.of("spec", "template", "spec", "hostNetwork"))).isEqualTo(8);
    }

    @Test
    void linesOfLaterDocumentsCountFromTheStartOfTheFile() {
        ManifestFile file = yaml("a: 1\n---\n\n# second\nkind: Pod\nspec:\n  x: 1\n");

        assertThat(file.documents()).hasSize(2);
        ManifestDocument second = file.documents().get(1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.sourceMap().line(FieldPath.of("spec", "x"))).isEqualTo(7);
    }

    @Test
    void documentsAfterAMalformedOneKeepTheirLines() {
        ManifestFile file = yaml("kind: A\n---\nkind: [broken\n---\nkind: C\nspec:\n  y: 2\n");

        assertThat(file.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("test.yaml");
            assertThat(problem.line()).isEqualTo(4);
        });
        assertThat(file.documents()).extracting(document -> document.tree().get("kind").asText())
                .containsExactly("A", "C");
        ManifestDocument last = file.documents().get(1);
        assertThat(last.index()).isEqualTo(2);
        assertThat(last.sourceMap().line(FieldPath.of("spec", "y"))).isEqualTo(7);
    }

    @Test
    void jsonNodesMapToTheirLines() {
        ManifestFile file = ManifestLoader.parse(
                new InputSource("pod.json", Path.of("/tmp/pod.json"), Path.of("pod.json")),
                "{\n  \"kind\": \"Pod\",\n  \"spec\": {\n    \"containers\": [\n      {\"name\": \"a\"}\n    ]\n  }\n}\n");

        SourceMap lines = file.documents().get(0).sourceMap();
        assertThat(file.json()).isTrue();
        assertThat(lines.line(FieldPath.of("spec", "containers").index(0).field("name"))).isEqualTo(5);
        assertThat(lines.line(FieldPath.of("spec", "containers").index(0).field("image"))).isEqualTo(5);
        assertThat(lines.line(FieldPath.of("spec"))).isEqualTo(3);
    }

    @Test
    void scalarsGetTheTypesKubernetesGivesThem() {
        JsonNode tree = yaml("""
                on: on
                yes: yes
                off: Off
                quotedYes: "yes"
                octal: 0644
                hex: 0x1F
                decimal: 1_000
                float: 0.5
                time: 12:30
                date: 2024-01-01
                tilde: ~
                empty:
                string: !!str 123
                integer: !!int "42"
                literal: |
                  true
                """).documents().get(0).tree();

        assertThat(tree.get("on").isBoolean()).isTrue();
        assertThat(tree.get("yes").asBoolean()).isTrue();
        assertThat(tree.get("off").isBoolean()).isTrue();
        assertThat(tree.get("off").asBoolean()).isFalse();
        assertThat(tree.get("quotedYes").asText()).isEqualTo("yes");
        assertThat(tree.get("octal").asInt()).isEqualTo(420);
        assertThat(tree.get("hex").asInt()).isEqualTo(31);
        assertThat(tree.get("decimal").asInt()).isEqualTo(1000);
        assertThat(tree.get("float").asDouble()).isEqualTo(0.5);
        assertThat(tree.get("time").asText()).isEqualTo("12:30");
        assertThat(tree.get("date").asText()).isEqualTo("2024-01-01");
        assertThat(tree.get("tilde").isNull()).isTrue();
        assertThat(tree.get("empty").isNull()).isTrue();
        assertThat(tree.get("string").asText()).isEqualTo("123");
        assertThat(tree.get("integer").isInt()).isTrue();
        assertThat(tree.get("literal").asText()).isEqualTo("true\n");
    }

    @Test
    void mergeKeysMergeWithoutOverridingExplicitKeys() {
        JsonNode tree = yaml("""
                defaults: &defaults
                  image: nginx:1.25.3
                  name: default
                container:
                  <<: *defaults
                  name: web
                """).documents().get(0).tree();

        assertThat(tree.get("container").get("image").asText()).isEqualTo("nginx:1.25.3");
        assertThat(tree.get("container").get("name").asText()).isEqualTo("web");
        assertThat(tree.get("container").has("<<")).isFalse();
    }

    @Test
    void duplicateKeysAreProblemsAtTheSecondKey() {
        ManifestFile file = yaml("metadata:\n  name: a\n  name: b\n---\nkind: Ok\n");

        assertThat(file.problems()).singleElement().isEqualTo(
                new InputProblem("test.yaml", 3, 3, "duplicate key \"name\" (first defined on line 2)"));
        assertThat(file.documents()).singleElement()
                .satisfies(document -> assertThat(document.tree().get("kind").asText()).isEqualTo("Ok"));
    }

    @Test
    void aliasesThatExpandTooFarAreRefused() {
        StringBuilder doubling = new StringBuilder("l0: &l0 [x, x]\n");
        for (int level = 1; level <= 24; level++) {
            doubling.append("l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }
        ManifestFile file = yaml(doubling.toString());

        assertThat(file.documents()).isEmpty();
        assertThat(file.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("expands to more than"));
    }

    @Test
    void aliasesMayAddOnlyBoundedNodes() {
        StringBuilder laughs = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++) {
            laughs.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (level - 1)))).append("]\n");
        }
        ManifestFile file = yaml(laughs.toString());

        assertThat(file.documents()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .isEqualTo("document expands to more than 10000 nodes through YAML aliases; refusing to read it"));
    }

    @Test
    void anAliasInsideItsOwnAnchorIsAProblemNotACrash() {
        ManifestFile file = yaml("kind: Pod\nmetadata: &m {name: loop, labels: *m}\n");

        assertThat(file.problems()).singleElement().isEqualTo(new InputProblem("test.yaml", 2, 11,
                "a YAML alias refers to a node that contains it; refusing to read a recursive document"));
    }

    @Test
    void aliasesNestNoDeeperThanTheText() {
        String nested = "a: &a " + "[".repeat(100) + "]".repeat(100) + "\nb: " + "[".repeat(100) + "*a"
                + "]".repeat(100) + "\n";

        assertThat(yaml(nested).problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                .isEqualTo("nested more than 200 levels through YAML aliases; refusing to read it"));
    }

    @Test
    void limitsOfTheJsonReaderAreReportedWithTheirLine() {
        ManifestFile file = ManifestLoader.parse(
                new InputSource("test.json", Path.of("/tmp/test.json"), Path.of("test.json")),
                "{\"kind\": \"Pod\",\n \"spec\": " + "9".repeat(1001) + "}");

        assertThat(file.problems()).singleElement().isEqualTo(new InputProblem("test.json", 2, 1011,
                "Number value length (1001) exceeds the maximum allowed (1000)"));
    }

    @Test
    void invalidUtf8IsAnInputErrorWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("invalid.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xC3, '\n'});

        ManifestFile loaded = ManifestLoader.load(new InputSource("invalid.yaml", file, file.getFileName()),
                new CliContext(new ByteArrayInputStream(new byte[0]), dir, false, CliRunner.CLOCK));

        assertThat(loaded.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).startsWith("not valid UTF-8");
        });
    }
}
