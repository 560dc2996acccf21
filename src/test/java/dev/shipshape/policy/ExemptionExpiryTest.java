package dev.shipshape.policy;

import dev.shipshape.policy.ExemptionExpiry.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExemptionExpiryTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-10T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    static Stream<Arguments> standings() {
        return Stream.of(
                arguments("a month before", EXPIRES.minus(Duration.ofDays(30)), State.ACTIVE, null),
                arguments("just before the first warning", EXPIRES.minus(Duration.ofDays(7)).minusSeconds(1),
                        State.ACTIVE, null),
                arguments("at the first warning", EXPIRES.minus(Duration.ofDays(7)), State.EXPIRING,
                        Duration.ofDays(7)),
                arguments("three days before", EXPIRES.minus(Duration.ofDays(3)), State.EXPIRING, Duration.ofDays(7)),
                arguments("at the last warning", EXPIRES.minus(DAY), State.EXPIRING, DAY),
                arguments("a second before", EXPIRES.minusSeconds(1), State.EXPIRING, DAY),
                arguments("at the expiry", EXPIRES, State.EXPIRED, null),
                arguments("long after", EXPIRES.plus(Duration.ofDays(90)), State.EXPIRED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standings")
    void stateAndWarningDue(String when, Instant now, State state, Duration warning) {
        Exemption exemption = exemption(0, EXPIRES);
        assertThat(ExemptionExpiry.state(exemption, now)).isEqualTo(state);
        assertThat(ExemptionExpiry.warningDue(exemption, now).orElse(null)).isEqualTo(warning);
    }

    @Test
    void anExemptionWithoutExpiryStaysActiveAndNeverChanges() {
        Exemption forever = exemption(0, null);
        assertThat(ExemptionExpiry.state(forever, Instant.MAX)).isEqualTo(State.ACTIVE);
        assertThat(ExemptionExpiry.warningDue(forever, EXPIRES)).isEmpty();
        assertThat(ExemptionExpiry.nextChange(new Exemptions(List.of(forever)), EXPIRES)).isEmpty();
    }

    static Stream<Arguments> nextChanges() {
        Instant later = EXPIRES.plus(Duration.ofDays(2));
        return Stream.of(
                arguments("a month before: the first warning", EXPIRES.minus(Duration.ofDays(30)),
                        EXPIRES.minus(Duration.ofDays(7))),
                arguments("at the first warning: the other's first warning", EXPIRES.minus(Duration.ofDays(7)),
                        later.minus(Duration.ofDays(7))),
                arguments("after both first warnings: the last warning", EXPIRES.minus(Duration.ofDays(4)),
                        EXPIRES.minus(DAY)),
                arguments("after the last warning: the expiry", EXPIRES.minus(Duration.ofHours(2)), EXPIRES),
                arguments("after the first expiry: the other's last warning", EXPIRES, later.minus(DAY)),
                arguments("after both: nothing", later, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nextChanges")
    void nextChangeIsTheEarliestWarningOrExpiryStillAhead(String when, Instant now, Instant next) {
        Exemptions exemptions = new Exemptions(List.of(exemption(0, EXPIRES),
                exemption(1, EXPIRES.plus(Duration.ofDays(2))), exemption(2, null)));
        assertThat(ExemptionExpiry.nextChange(exemptions, now).orElse(null)).isEqualTo(next);
    }

    @Test
    void labelsAreLowerCase() {
        assertThat(Stream.of(State.values()).map(State::label)).containsExactly("active", "expiring", "expired");
    }

    private static Exemption exemption(int index, Instant expires) {
        return new Exemption(index, List.of("privileged"), List.of(), List.of(), List.of(), List.of(),
                "reason " + index, expires);
    }
}
