package dev.shipshape.cluster;

import dev.shipshape.audit.PolicyReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesNamesTest {

    /** A label value as the API server validates it. */
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    @ParameterizedTest
    @ValueSource(ints = {1, 62, 63})
    void aValueThatFitsIsKept(int length) {
        String value = "p".repeat(length);

        assertThat(KubernetesNames.labelValue(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 100, 253})
    void aLongerValueIsItsStartAndAHashOfTheWhole(int length) {
        String value = "p".repeat(length);

        String label = KubernetesNames.labelValue(value);

        assertThat(label).hasSize(63).matches(LABEL_VALUE).startsWith("p".repeat(52) + "-")
                .isEqualTo(KubernetesNames.labelValue(value));
    }

    @Test
    void twoLongValuesWithTheSameStartStayApart() {
        String one = "team-platform-production-hardening-policy-for-all-namespaces-one";
        String two = "team-platform-production-hardening-policy-for-all-namespaces-two";
        assertThat(one).hasSize(64);

        assertThat(KubernetesNames.labelValue(one)).isNotEqualTo(KubernetesNames.labelValue(two));
    }

    @Test
    void noSeparatorIsLeftBeforeTheHash() {
        String value = "a".repeat(51) + "-.-" + "b".repeat(20);

        assertThat(KubernetesNames.labelValue(value)).matches(LABEL_VALUE).startsWith("a".repeat(51) + "-")
                .doesNotContain("--", ".-");
    }

    @Test
    void partsAreHashedApart() {
        assertThat(KubernetesNames.sha256("ab", "c")).isNotEqualTo(KubernetesNames.sha256("a", "bc"));
        assertThat(KubernetesNames.shortHash(12, "x")).hasSize(12).isEqualTo(KubernetesNames.sha256("x").substring(0, 12));
    }

    @Test
    void policyReportsUseTheOneRule() {
        String policy = "p".repeat(80);

        assertThat(PolicyReports.policyLabelValue(policy)).isEqualTo(KubernetesNames.labelValue(policy));
    }
}
