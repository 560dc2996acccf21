package dev.shipshape.badinput;

import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated and mutated HardeningPolicies: through the compiler the operator and the CLI share, each compiles
 * (and evaluates every sample workload) or is refused with every problem at the path of its field; as a
 * {@code --policy} file of the CLI, each is used or refused with the file's path and line; nothing else happens.
 */
class PolicyPropertyTest {

    private static Path workspace;

    @BeforeContainer
    static void createWorkspace() {
        workspace = PolicyCorpus.workspace();
    }

    @AfterContainer
    static void deleteWorkspace() {
        Cli.deleteRecursively(workspace);
    }

    @Provide
    Arbitrary<PolicyCorpus.GeneratedSpec> specs() {
        return PolicyCorpus.specs();
    }

    @Provide
    Arbitrary<MutatedText> yamlPolicyFiles() {
        return PolicyCorpus.yamlPolicyFiles();
    }

    @Provide
    Arbitrary<MutatedJson> jsonPolicyFiles() {
        return PolicyCorpus.jsonPolicyFiles();
    }

    @Property(tries = 600)
    void everyGeneratedSpecCompilesOrNamesTheFieldOfEachProblem(@ForAll("specs") PolicyCorpus.GeneratedSpec spec) {
        Verdict verdict = PolicyCorpus.check(spec.spec());

        assertThat(verdict.violations()).as("%s", spec).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    @Property(tries = 150)
    void everyMutatedYamlPolicyIsUsedOrRefusedWithItsLine(@ForAll("yamlPolicyFiles") MutatedText policy) {
        Verdict verdict = PolicyCorpus.checkFile(workspace, "policy.yaml", policy.bytes());

        assertThat(verdict.violations()).as("%s", policy).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    @Property(tries = 150)
    void everyMutatedJsonPolicyIsUsedOrRefusedWithItsLine(@ForAll("jsonPolicyFiles") MutatedJson policy) {
        Verdict verdict = PolicyCorpus.checkFile(workspace, "policy.json", policy.bytes());

        assertThat(verdict.violations()).as("%s", policy).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    @Property(tries = 300)
    void everyMutatedPolicyAppliedIsAllowedOrRefusedNamingTheFieldOfEachProblem(
            @ForAll("jsonPolicyFiles") MutatedJson policy) {
        Verdict verdict = PolicyCorpus.checkAtApply(policy.bytes());

        assertThat(verdict.violations()).as("%s", policy).isEmpty();
        Statistics.label("outcome").collect(verdict.outcome());
    }

    @Example
    void aRegexParameterNestedTooDeeplyIsAProblemOfItsField() {
        CheckOverride override = new CheckOverride();
        override.setId("secret-env-literals");
        override.setParams(Map.of("namePattern", "(".repeat(20_000) + ")".repeat(20_000)));
        HardeningPolicySpec spec = new HardeningPolicySpec();
        spec.setChecks(List.of(override));

        Verdict verdict = PolicyCorpus.check(spec);

        assertThat(verdict.violations()).isEmpty();
    }
}
