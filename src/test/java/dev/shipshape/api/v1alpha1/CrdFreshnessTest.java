package dev.shipshape.api.v1alpha1;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** crds/ is what users apply: it must be exactly what {@link CrdGeneration} makes of the current classes. */
class CrdFreshnessTest {

    private static final String STALE = "crds/ is stale: run make crds";

    private static String firstDifference(String generated, String committed) {
        List<String> expected = generated.lines().toList();
        List<String> actual = committed.lines().toList();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end of file)";
            String have = i < actual.size() ? actual.get(i) : "(end of file)";
            if (!want.equals(have)) {
                return "first difference at line " + (i + 1) + ":\n  generated: " + want + "\n  crds/:     " + have;
            }
        }
        return "the files differ in line endings";
    }

    @Test
    void theInstallAndTheChartCarryTheSameCrds() throws IOException {
        for (String file : CrdGeneration.FILES.values()) {
            Path committed = CrdGeneration.COMMITTED_DIRECTORY.resolve(file);
            for (Path directory : CrdGeneration.COPY_DIRECTORIES) {
                Path copy = directory.resolve(file);
                assertThat(copy).as(STALE).exists();
                assertThat(Files.readString(copy)).as("%s differs from %s: run make crds", copy, committed)
                        .isEqualTo(Files.readString(committed));
            }
        }
        assertThat(Files.readString(CrdGeneration.POLICY_REPORT_CRD_IN_CHART))
                .as("%s differs from %s: run make crds", CrdGeneration.POLICY_REPORT_CRD_IN_CHART,
                        CrdGeneration.POLICY_REPORT_CRD)
                .isEqualTo(Files.readString(CrdGeneration.POLICY_REPORT_CRD));
        assertThat(Files.readString(CrdGeneration.OPEN_REPORTS_CRD_IN_CHART))
                .as("%s differs from %s: run make crds", CrdGeneration.OPEN_REPORTS_CRD_IN_CHART,
                        CrdGeneration.OPEN_REPORTS_CRD)
                .isEqualTo(Files.readString(CrdGeneration.OPEN_REPORTS_CRD));
    }

    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        for (Map.Entry<Class<?>, String> crd : CrdGeneration.FILES.entrySet()) {
            Path committed = CrdGeneration.COMMITTED_DIRECTORY.resolve(crd.getValue());
            assertThat(committed).as(STALE).exists();

            String generated = CrdGeneration.generate(crd.getKey());
            String current = Files.readString(committed);
            if (!generated.equals(current)) {
                fail(STALE + " (" + committed + " differs from the CRD generated from dev.shipshape.api.v1alpha1; "
                        + firstDifference(generated, current) + ")");
            }
        }
    }
}
