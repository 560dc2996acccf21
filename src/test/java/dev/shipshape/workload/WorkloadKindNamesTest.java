package dev.shipshape.workload;

import dev.shipshape.policy.WorkloadKinds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies validate {@code spec.match.kinds} against the engine's copy of the kind names; it must not drift. */
class WorkloadKindNamesTest {

    @Test
    void policyKindNamesAreExactlyTheExtractableKinds() {
        assertThat(WorkloadKinds.NAMES)
                .containsExactlyElementsOf(Arrays.stream(WorkloadKind.values()).map(WorkloadKind::kind).toList());
    }
}
