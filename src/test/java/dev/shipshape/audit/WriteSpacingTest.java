package dev.shipshape.audit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteSpacingTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aPolicyThatNeverWroteMayWrite() {
        assertThat(new WriteSpacing(Duration.ofSeconds(1)).holdOff("p", T0)).isEmpty();
    }

    @Test
    void aWriteHoldsTheNextOneOffForWhatIsLeftOfTheInterval() {
        WriteSpacing spacing = new WriteSpacing(Duration.ofSeconds(1));
        spacing.wrote("p", T0);
        assertThat(spacing.holdOff("p", T0)).contains(Duration.ofSeconds(1));
        assertThat(spacing.holdOff("p", T0.plusMillis(300))).contains(Duration.ofMillis(700));
        assertThat(spacing.holdOff("p", T0.plusSeconds(1))).isEmpty();
        assertThat(spacing.holdOff("p", T0.plusSeconds(5))).isEmpty();
    }

    @Test
    void policiesAreSpacedEachOnItsOwn() {
        WriteSpacing spacing = new WriteSpacing(Duration.ofSeconds(1));
        spacing.wrote("p", T0);
        assertThat(spacing.holdOff("q", T0)).isEmpty();
    }

    @Test
    void aForgottenPolicyStartsAfresh() {
        WriteSpacing spacing = new WriteSpacing(Duration.ofSeconds(1));
        spacing.wrote("p", T0);
        spacing.forget("p");
        assertThat(spacing.holdOff("p", T0)).isEmpty();
    }

    @Test
    void aZeroIntervalNeverHoldsOff() {
        WriteSpacing spacing = new WriteSpacing(Duration.ZERO);
        spacing.wrote("p", T0);
        assertThat(spacing.holdOff("p", T0)).isEmpty();
    }

    @Test
    void aNegativeIntervalIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new WriteSpacing(Duration.ofSeconds(-1)))
                .hasMessageContaining("shipshape.audit.write-interval");
    }
}
