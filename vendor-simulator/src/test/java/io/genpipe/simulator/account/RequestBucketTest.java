package io.genpipe.simulator.account;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBucketTest {

    private static final Instant T0 = Instant.parse("2026-09-01T10:00:00Z");

    private final RequestBucket bucket = new RequestBucket();

    @Test
    void holdsOneSecondsWorthAndRefillsAtTheRatePerSecond() {
        assertThat(taken(120, T0, 5)).as("capacity 120/60 = 2").isEqualTo(2);

        assertThat(bucket.tryTake(120, T0.plusMillis(499))).isFalse();
        assertThat(bucket.tryTake(120, T0.plusMillis(500))).isTrue();
        assertThat(bucket.tryTake(120, T0.plusMillis(500))).isFalse();
        assertThat(taken(120, T0.plusSeconds(60), 5)).as("a long pause refills only to capacity").isEqualTo(2);
    }

    @Test
    void aLimitBelowOneASecondHoldsOneToken() {
        assertThat(taken(30, T0, 3)).isEqualTo(1);

        assertThat(bucket.tryTake(30, T0.plus(Duration.ofMillis(1999)))).isFalse();
        assertThat(bucket.tryTake(30, T0.plusSeconds(2))).isTrue();
    }

    @Test
    void aSustainedRateGetsRPerMinuteAndNoMore() {
        int taken = 0;
        for (int millis = 0; millis < 60_000; millis += 10) {
            taken += bucket.tryTake(600, T0.plusMillis(millis)) ? 1 : 0;
        }

        // 10 at once, then one every 100 ms for the rest of the minute.
        assertThat(taken).isEqualTo(10 + 599);
    }

    @Test
    void aFractionalCapacityKeepsItsFraction() {
        assertThat(taken(90, T0, 3)).as("capacity 1.5").isEqualTo(1);

        // Half a token was left, so the next one is due after a third of a second rather than two thirds.
        assertThat(bucket.tryTake(90, T0.plusMillis(333))).isFalse();
        assertThat(bucket.tryTake(90, T0.plusMillis(334))).isTrue();
    }

    @Test
    void noLimitLetsEverythingThroughAndANewLimitStartsFull() {
        assertThat(taken(null, T0, 1000)).isEqualTo(1000);
        assertThat(taken(60, T0, 3)).isEqualTo(1);

        assertThat(taken(120, T0, 3)).isEqualTo(2);
    }

    private int taken(Integer requestsPerMinute, Instant at, int calls) {
        return (int) IntStream.range(0, calls).filter(i -> bucket.tryTake(requestsPerMinute, at)).count();
    }
}
