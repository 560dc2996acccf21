package dev.shipshape.image.checks;

import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.checks.LivenessProbeCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthcheckInImageTest {

    @ParameterizedTest(name = "{0} required={1}")
    @CsvSource(delimiter = '¦', value = {
        "FROM nginx:1.27\\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1 ¦ true ¦ ''",
        "FROM nginx:1.27 ¦ true ¦ 1",
        "FROM nginx:1.27\\nHEALTHCHECK NONE ¦ true ¦ 2",
        "FROM nginx:1.27 AS base\\nHEALTHCHECK CMD true\\nFROM base ¦ true ¦ ''",
        "FROM nginx:1.27 AS base\\nHEALTHCHECK CMD true\\nFROM nginx:1.27 ¦ true ¦ 3",
        "FROM nginx:1.27 ¦ false ¦ ''"})
    void theFinalImageDeclaresAHealthcheckUnlessThePolicyLeavesItToKubernetes(String dockerfile, boolean required,
                                                                               String lines) {
        LivenessProbeCheck configured = (LivenessProbeCheck) new LivenessProbeCheck().withParams(CheckParams.of(
                new LivenessProbeCheck().descriptor(), Map.of("dockerfileHealthcheck", String.valueOf(required))));

        assertThat(DockerfileChecking.lines(new HealthcheckInImage(configured), dockerfile)).isEqualTo(lines);
    }
}
