package io.genpipe.worker.journal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal topic created a moment before the worker reads it is waited for, not read as having no partitions. */
class AwaitPartitionsTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(1);

    @Test
    void aTopicTheBrokerDoesNotKnowYetIsAskedForAgainUntilItHasPartitions() {
        Deque<List<Integer>> answers = new ArrayDeque<>(List.of(List.of(), List.of(), List.of(0, 1, 2)));

        assertThat(VendorRequestJournal.awaitPartitions(answers::pop, LONG, RETRY)).containsExactly(0, 1, 2);
        assertThat(answers).isEmpty();
    }

    @Test
    void aTopicWithTooFewPartitionsIsAnsweredAtOnceForTheCallerToReport() {
        AtomicInteger asked = new AtomicInteger();

        assertThat(VendorRequestJournal.awaitPartitions(() -> {
            asked.incrementAndGet();
            return List.of(0);
        }, LONG, RETRY)).containsExactly(0);
        assertThat(asked).hasValue(1);
    }

    @Test
    void aTopicThatNeverAppearsEndsTheWaitEmpty() {
        assertThat(VendorRequestJournal.awaitPartitions(List::of, Duration.ofMillis(20), RETRY)).isEmpty();
    }
}
