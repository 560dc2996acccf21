package dev.shipshape.badinput;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, truncated, retyped, deeply nested and alias-bombed YAML and JSON manifests, scanned by the CLI
 * between two good files: exit code 2 with the file's path and line for each problem, the good files still
 * scanned, no exception, no hang, and memory bounded (a bomb is refused, not expanded).
 */
class ManifestPropertyTest {

    private static Path workspace;

    @BeforeContainer
    static void createWorkspace() {
        workspace = ManifestCorpus.workspace();
    }

    @AfterContainer
    static void deleteWorkspace() {
        Cli.deleteRecursively(workspace);
    }

    @Provide
    Arbitrary<MutatedText> yamlFiles() {
        return ManifestCorpus.yamlFiles();
    }

    @Provide
    Arbitrary<MutatedJson> jsonFiles() {
        return ManifestCorpus.jsonFiles();
    }

    @Property(tries = 300)
    void everyMutatedYamlFileIsReportedWithItsLineAndTheOtherFilesAreScanned(@ForAll("yamlFiles") MutatedText file) {
        Verdict verdict = ManifestCorpus.check(workspace, "bad.yaml", file.bytes());

        assertThat(verdict.violations()).as("%s", file).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    @Property(tries = 200)
    void everyMutatedJsonFileIsReportedWithItsLineAndTheOtherFilesAreScanned(@ForAll("jsonFiles") MutatedJson file) {
        Verdict verdict = ManifestCorpus.check(workspace, "bad.json", file.bytes());

        assertThat(verdict.violations()).as("%s", file).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    /** Small files that would expand to gigabytes, or nest past any stack: refused, having allocated little. */
    @Example
    void bombsAreRefusedWithinBoundedMemory() {
        List<TextMutation.Bomb> bombs = List.of(
                new TextMutation.Bomb(TextMutation.Bomb.Kind.LAUGHS, 10, 10),
                new TextMutation.Bomb(TextMutation.Bomb.Kind.LAUGHS, 10, 11),
                new TextMutation.Bomb(TextMutation.Bomb.Kind.LAUGHS, 34, 3),
                new TextMutation.Bomb(TextMutation.Bomb.Kind.LAUGHS, 50, 2),
                new TextMutation.Bomb(TextMutation.Bomb.Kind.SELF_REFERENCE, 1, 1),
                new TextMutation.Bomb(TextMutation.Bomb.Kind.DEEP_FLOW, 100_000, 0));
        for (TextMutation.Bomb bomb : bombs) {
            Verdict verdict = ManifestCorpus.check(workspace, "bad.yaml", bomb.yaml().getBytes(StandardCharsets.UTF_8));

            assertThat(verdict.violations()).as("%s", bomb).isEmpty();
            assertThat(verdict.outcome()).as("%s", bomb).isEqualTo("exit 2");
            assertThat(verdict.allocatedBytes()).as("%s: bytes allocated", bomb).isLessThan(64L << 20);
        }
    }

    @Example
    void aliasesNestNoDeeperThanTheTextMay() {
        for (int depth = 198; depth <= 201; depth++) {
            String plain = "apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nx: " + "[".repeat(depth)
                    + "]".repeat(depth) + "\n";
            int half = depth / 2;
            String aliased = "apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\na: &a " + "[".repeat(half)
                    + "]".repeat(half) + "\nx: " + "[".repeat(depth - half) + "*a" + "]".repeat(depth - half) + "\n";

            String expected = depth < 200 ? "exit 1" : "exit 2";
            assertThat(ManifestCorpus.check(workspace, "bad.yaml", plain.getBytes(StandardCharsets.UTF_8)).outcome())
                    .as("%d levels", depth).isEqualTo(expected);
            assertThat(ManifestCorpus.check(workspace, "bad.yaml", aliased.getBytes(StandardCharsets.UTF_8)).outcome())
                    .as("%d levels through an alias", depth).isEqualTo(expected);
        }
    }
}
