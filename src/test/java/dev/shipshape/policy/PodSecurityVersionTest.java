package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PodSecurityVersionTest {

    private static final Pattern CRD_FORMAT = Pattern.compile(HardeningPolicySpec.POD_SECURITY_VERSION_FORMAT);

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.0", "v1.8", "v1.25", "v1.34", "v1.35", "v1.37", "v1.40", "v1.9999"})
    void acceptsWhatPodSecurityAdmissionAccepts(String version) {
        assertThat(PodSecurityVersion.parse(version)).isPresent();
        assertThat(CRD_FORMAT.matcher(version).matches()).as("the CRD schema accepts %s", version).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Latest", "LATEST", "v2.0", "v1", "1", "1.27", "v1.", "v1.01", "v1.-1", "v1.27.3",
            "1.x", "v1.99999", " v1.30", "v1.30 "})
    void rejectsOtherVersions(String version) {
        assertThat(PodSecurityVersion.parse(version)).isEmpty();
        assertThat(CRD_FORMAT.matcher(version).matches()).as("the CRD schema rejects %s", version).isFalse();
    }

    @Test
    void latestIsTheNewestKnownVersion() {
        PodSecurityVersion latest = PodSecurityVersion.parse("latest").orElseThrow();
        assertThat(latest.minor()).isEqualTo(PodSecurityVersion.NEWEST_KNOWN_MINOR);
        assertThat(latest).hasToString("latest");
        assertThat(latest.atLeast(35)).isTrue();
    }

    @Test
    void newerVersionsDecideAsTheNewestKnownOne() {
        PodSecurityVersion future = PodSecurityVersion.parse("v1.40").orElseThrow();
        assertThat(future.minor()).isEqualTo(PodSecurityVersion.NEWEST_KNOWN_MINOR);
        assertThat(future.latest()).isFalse();
    }

    @Test
    void pinnedVersionsCompareByMinor() {
        PodSecurityVersion v134 = PodSecurityVersion.parse("v1.34").orElseThrow();
        assertThat(v134).hasToString("v1.34");
        assertThat(v134.atLeast(34)).isTrue();
        assertThat(v134.atLeast(35)).isFalse();
    }

    @Test
    void latestIsTheNewestVersionThatChangedAControl() {
        int newest = 0;
        for (Check check : CheckCatalog.all()) {
            CheckDescriptor descriptor = check.descriptor();
            newest = Math.max(newest, descriptor.podSecuritySince());
            for (CheckDescriptor.PodSecurityChange change : descriptor.podSecurityChanges()) {
                newest = Math.max(newest, change.minor());
            }
        }
        assertThat(PodSecurityVersion.NEWEST_KNOWN_MINOR).isEqualTo(newest);
    }

    @Test
    void everyControlChangeIsAKnownVersion() {
        for (Check check : CheckCatalog.all()) {
            CheckDescriptor descriptor = check.descriptor();
            assertThat(descriptor.podSecuritySince()).isBetween(0, PodSecurityVersion.NEWEST_KNOWN_MINOR);
            assertThat(descriptor.podSecurityChanges()).allSatisfy(change -> {
                assertThat(change.minor()).isGreaterThan(descriptor.podSecuritySince())
                        .isLessThanOrEqualTo(PodSecurityVersion.NEWEST_KNOWN_MINOR);
                assertThat(descriptor.podSecurityControl()).as("a change needs a control").isNotNull();
            });
        }
    }
}
