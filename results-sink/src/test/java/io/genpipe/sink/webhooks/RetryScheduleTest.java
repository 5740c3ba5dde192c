package io.genpipe.sink.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(1), 0.5, 6,
            Duration.ofHours(1));

    @Test
    void waitsDoubleFromInitialUpToMax() {
        assertThat(schedule.delay(1, 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delay(2, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.delay(3, 0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.delay(4, 0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.delay(40, 0)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterTakesUpToItsShareOff() {
        assertThat(schedule.delay(2, 0.999_999)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(1), 0, 6, Duration.ofHours(1))
                .delay(2, 0.9)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void givesUpAfterMaxAttempts() {
        Instant now = CREATED.plusSeconds(100);

        assertThat(schedule.next(5, CREATED, now, 0)).hasValue(now.plus(Duration.ofMinutes(1)));
        assertThat(schedule.next(6, CREATED, now, 0)).isEmpty();
    }

    @Test
    void givesUpRatherThanRetryPastMaxAge() {
        Instant late = CREATED.plus(Duration.ofMinutes(59).plusSeconds(45));

        assertThat(schedule.next(2, CREATED, late, 0)).isEmpty(); // 20 s later is past the hour
        assertThat(schedule.next(2, CREATED, late, 0.999_999)).hasValue(late.plusSeconds(10)); // 10 s is not
    }

    @Test
    void refusesASchedulesThatCannotWork() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofMinutes(1), 0.5, 6, Duration.ofHours(1)))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, 6,
                Duration.ofHours(1))).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5, 0,
                Duration.ofHours(1))).hasMessageContaining("max-attempts");
    }
}
