package dev.shipshape.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TokenBucketTest {

    /** A clock that starts at an arbitrary reading, as System.nanoTime does, and moves only when told. */
    private final AtomicLong nanos = new AtomicLong(-7_000_000_000L);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** How many permits it grants in a row before the first refusal, up to {@code limit}. */
    private static int grantedInARow(TokenBucket bucket, int limit) {
        int granted = 0;
        while (granted < limit && bucket.tryAcquire()) {
            granted++;
        }
        return granted;
    }

    @ParameterizedTest
    @CsvSource({
            // permits per second, burst
            "1, 1",
            "0.5, 5",
            "10, 3",
            "1000, 20"})
    void startsFullAndGrantsTheBurstThenRefuses(double permitsPerSecond, int burst) {
        TokenBucket bucket = new TokenBucket(permitsPerSecond, burst, nanos::get);

        assertThat(grantedInARow(bucket, burst + 10)).isEqualTo(burst);
        assertThat(bucket.tryAcquire()).isFalse();
    }

    static Stream<Arguments> refills() {
        return Stream.of(
                // permits per second, burst, time after draining it, permits granted then
                arguments(2.0, 3, Duration.ofMillis(499), 0),
                arguments(2.0, 3, Duration.ofMillis(500), 1),
                arguments(2.0, 3, Duration.ofMillis(1499), 2),
                arguments(2.0, 3, Duration.ofMillis(1500), 3),
                arguments(0.1, 1, Duration.ofSeconds(9), 0),
                arguments(0.1, 1, Duration.ofSeconds(10), 1),
                arguments(5.0, 10, Duration.ofMillis(1000), 5));
    }

    @ParameterizedTest
    @MethodSource("refills")
    void refillsAtTheSteadyRate(double permitsPerSecond, int burst, Duration idle, int expected) {
        TokenBucket bucket = new TokenBucket(permitsPerSecond, burst, nanos::get);
        assertThat(grantedInARow(bucket, burst)).isEqualTo(burst);

        advance(idle);

        assertThat(grantedInARow(bucket, burst + 10)).isEqualTo(expected);
    }

    @Test
    void refillAccumulatesAcrossRefusals() {
        TokenBucket bucket = new TokenBucket(1, 1, nanos::get);
        assertThat(bucket.tryAcquire()).isTrue();

        advance(Duration.ofMillis(600));
        assertThat(bucket.tryAcquire()).isFalse();
        advance(Duration.ofMillis(400));

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "100, 20"})
    void neverHoldsMoreThanTheBurstAfterALongIdle(double permitsPerSecond, int burst) {
        TokenBucket bucket = new TokenBucket(permitsPerSecond, burst, nanos::get);
        grantedInARow(bucket, burst);

        advance(Duration.ofDays(30));

        assertThat(grantedInARow(bucket, burst + 10)).isEqualTo(burst);
    }

    @Test
    void concurrentCallersShareTheBurst() throws Exception {
        int callers = 8;
        int burst = 200_000;
        TokenBucket bucket = new TokenBucket(1, burst, nanos::get);
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                attempts.add(() -> {
                    start.await();
                    int granted = 0;
                    for (int attempt = 0; attempt < burst; attempt++) {
                        granted += bucket.tryAcquire() ? 1 : 0;
                    }
                    return granted;
                });
            }
            int granted = 0;
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                granted += result.get();
            }

            assertThat(granted).isEqualTo(burst);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource({
            // permits per second, burst
            "0, 1",
            "-1, 1",
            "NaN, 1",
            "Infinity, 1",
            "1, 0"})
    void refusesRatesAndBurstsThatCannotWork(double permitsPerSecond, int burst) {
        assertThatThrownBy(() -> new TokenBucket(permitsPerSecond, burst, nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
