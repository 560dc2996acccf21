package dev.shipshape.audit;

import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.policy.Exemption;
import dev.shipshape.policy.ExemptionRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExemptionEventsTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-10T00:00:00Z");
    private static final Exemption EXEMPTION = new Exemption(2, List.of("privileged"), List.of("legacy"), List.of(),
            List.of(), List.of(), "until the batch image is rebuilt", EXPIRES);

    static Stream<Arguments> events() {
        return Stream.of(
                arguments(EXPIRES.minus(Duration.ofDays(8)), null, null),
                arguments(EXPIRES.minus(Duration.ofDays(5)), "ExemptionExpiring",
                        "HardeningPolicy shop: spec.exemptions[2] (\"until the batch image is rebuilt\") expires at "
                                + "2026-12-10T00:00:00Z, within 7 days. The findings it covers then count again, and "
                                + "Enforce denies them: fix the workloads, or extend its expires."),
                arguments(EXPIRES.minus(Duration.ofHours(3)), "ExemptionExpiring",
                        "HardeningPolicy shop: spec.exemptions[2] (\"until the batch image is rebuilt\") expires at "
                                + "2026-12-10T00:00:00Z, within 1 day. The findings it covers then count again, and "
                                + "Enforce denies them: fix the workloads, or extend its expires."),
                arguments(EXPIRES, "ExemptionExpired",
                        "HardeningPolicy shop: spec.exemptions[2] (\"until the batch image is rebuilt\") expired at "
                                + "2026-12-10T00:00:00Z. The findings it covered count again; remove it from the "
                                + "policy or extend its expires."));
    }

    @ParameterizedTest
    @MethodSource("events")
    void theEventDueNamesTheExemptionAndWhatToDo(Instant now, String reason, String message) {
        Event event = ExemptionEvents.due(policy(), EXEMPTION, now, "replica-0").orElse(null);
        if (reason == null) {
            assertThat(event).isNull();
            return;
        }
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo(reason);
        assertThat(event.getMessage()).isEqualTo(message);
        assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(event.getMetadata().getName()).startsWith("shop.shipshape-");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("HardeningPolicy");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("shop");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-shop");
        assertThat(event.getReportingInstance()).isEqualTo("replica-0");
    }

    @Test
    void anAppTeamsExemptionIsWarnedAboutInItsOwnNamespace() {
        HardeningExemption object = new HardeningExemption();
        object.setMetadata(new ObjectMetaBuilder().withName("probes").withNamespace("team-shop").withUid("uid-hx")
                .build());
        ExemptionRequest request = new ExemptionRequest("team-shop", "probes", List.of("shop"), null,
                List.of("liveness-probe"), List.of(), List.of(), List.of(), "endpoints next release (SHOP-42)",
                EXPIRES, EXPIRES.minus(Duration.ofDays(20)));

        assertThat(ExemptionEvents.due(object, request, EXPIRES.minus(Duration.ofDays(9)), "r")).isEmpty();
        Event expiring = ExemptionEvents.due(object, request, EXPIRES.minus(Duration.ofDays(3)), "r").orElseThrow();
        assertThat(expiring.getReason()).isEqualTo("ExemptionExpiring");
        assertThat(expiring.getMessage()).startsWith("HardeningExemption team-shop/probes (\"endpoints next release "
                + "(SHOP-42)\") expires at 2026-12-10T00:00:00Z, within 7 days.");
        assertThat(expiring.getMetadata().getNamespace()).isEqualTo("team-shop");
        assertThat(expiring.getInvolvedObject().getKind()).isEqualTo("HardeningExemption");
        assertThat(expiring.getInvolvedObject().getNamespace()).isEqualTo("team-shop");
        assertThat(expiring.getInvolvedObject().getName()).isEqualTo("probes");
        assertThat(expiring.getInvolvedObject().getUid()).isEqualTo("uid-hx");
        Event expired = ExemptionEvents.due(object, request, EXPIRES, "r").orElseThrow();
        assertThat(expired.getReason()).isEqualTo("ExemptionExpired");
        assertThat(expired.getMessage()).endsWith("The findings it covered count again; delete it or ask for a new "
                + "one.");
        assertThat(expired.getMetadata().getName()).isNotEqualTo(expiring.getMetadata().getName());
    }

    @Test
    void eachWarningIsNamedOnceAndTheNextOneDiffers() {
        String firstWeek = name(EXPIRES.minus(Duration.ofDays(6)));
        assertThat(name(EXPIRES.minus(Duration.ofDays(2)))).as("same warning, later").isEqualTo(firstWeek);
        String lastDay = name(EXPIRES.minus(Duration.ofHours(5)));
        String expired = name(EXPIRES.plusSeconds(1));
        assertThat(List.of(firstWeek, lastDay, expired)).doesNotHaveDuplicates();
    }

    @Test
    void anExtendedExpiryWarnsAgain() {
        Exemption extended = new Exemption(2, EXEMPTION.checks(), EXEMPTION.namespaces(), List.of(), List.of(),
                List.of(), EXEMPTION.reason(), EXPIRES.plus(Duration.ofDays(3)));
        Instant now = EXPIRES.minus(Duration.ofDays(2));
        assertThat(ExemptionEvents.due(policy(), extended, now, "r").orElseThrow().getMetadata().getName())
                .isNotEqualTo(name(now));
    }

    private static String name(Instant now) {
        return ExemptionEvents.due(policy(), EXEMPTION, now, "r").orElseThrow().getMetadata().getName();
    }

    private static HardeningPolicy policy() {
        HardeningPolicy policy = new HardeningPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("shop").withUid("uid-shop").build());
        return policy;
    }
}
