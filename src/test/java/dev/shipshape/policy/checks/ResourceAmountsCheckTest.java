package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests shared by {@link ResourceLimitsCheckTest} and {@link ResourceRequestsCheckTest}. Each lists its table in
 * a static {@code cases()}: name, {@code resources} parameter, pod spec and the expected finding paths.
 */
abstract class ResourceAmountsCheckTest {

    final ResourceAmountsCheck check;
    private final String section;

    /** @param section the part of {@code resources} the check reads, e.g. {@code limits} */
    ResourceAmountsCheckTest(ResourceAmountsCheck check, String section) {
        this.check = check;
        this.section = section;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsMissingAmounts(String name, String resources, String podSpec, List<String> expectedPaths) {
        Check configured = check.withParams(CheckParams.of(check.descriptor(), Map.of("resources", resources)));
        assertThat(CheckFixtures.paths(configured, pod(podSpec))).isEqualTo(expectedPaths);
    }

    @Test
    void defaultsToCpuAndMemory() {
        assertThat(CheckFixtures.paths(check, pod("containers: [{name: app, image: a:1}]")))
                .containsExactly("spec.containers[0].resources." + section + ".cpu",
                        "spec.containers[0].resources." + section + ".memory");
    }

    @Test
    void hasNoRemediation() {
        assertThat(check.descriptor().remediable()).isFalse();
    }
}
