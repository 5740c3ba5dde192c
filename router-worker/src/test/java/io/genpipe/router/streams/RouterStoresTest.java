package io.genpipe.router.streams;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Timer keys sort as their due times do, so a range scan up to now finds exactly the timers due. */
class RouterStoresTest {

    @Test
    void timerKeysSortByDueTimeAndTheScanBoundSitsJustAfterNow() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        String due = RouterStores.timerKey(now, "job-b");
        String earlier = RouterStores.timerKey(now.minusMillis(1), "job-z");
        String later = RouterStores.timerKey(now.plusMillis(1), "job-a");
        String bound = RouterStores.timersDueBy(now);

        assertThat(due).isEqualTo("00" + now.toEpochMilli() + "/job-b").hasSize(15 + 1 + 5);
        assertThat(earlier).isLessThan(due);
        assertThat(due).isLessThan(bound);
        assertThat(later).isGreaterThan(bound);
        assertThat(RouterStores.jobIdOf(due)).isEqualTo("job-b");
        assertThat(RouterStores.timerKey(Instant.EPOCH, "j")).isEqualTo("000000000000000/j");
    }
}
