package io.genpipe.worker.dispatch;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetWindowTest {

    private static final TopicPartition P0 = new TopicPartition("genpipe.dispatch.fal.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("genpipe.dispatch.fal.v1", 1);

    private final OffsetWindow<String> window = new OffsetWindow<>();

    @Test
    void aRecordFinishedInOrderCommitsItself() {
        OffsetWindow.Entry<String> first = window.deliver(P0, 7, "ack-7");

        assertThat(window.finish(first)).contains("ack-7");
        assertThat(window.pending()).isZero();
    }

    @Test
    void recordsFinishedOutOfOrderCommitNothingUntilTheEarliestFinishesThenCommitTheWholePrefix() {
        OffsetWindow.Entry<String> first = window.deliver(P0, 10, "ack-10");
        OffsetWindow.Entry<String> second = window.deliver(P0, 11, "ack-11");
        OffsetWindow.Entry<String> third = window.deliver(P0, 12, "ack-12");
        OffsetWindow.Entry<String> fourth = window.deliver(P0, 13, "ack-13");

        assertThat(window.finish(third)).isEmpty();
        assertThat(window.finish(second)).isEmpty();
        assertThat(window.pending()).isEqualTo(4);

        assertThat(window.finish(first)).contains("ack-12");
        assertThat(window.pending()).isEqualTo(1);
        assertThat(window.finish(fourth)).contains("ack-13");
        assertThat(window.pending()).isZero();
    }

    @Test
    void offsetsThatNeverReachedTheListenerDoNotHoldTheWindowUp() {
        // 21 went to the DLQ and 23 was compacted away: delivery order is what counts.
        OffsetWindow.Entry<String> twenty = window.deliver(P0, 20, "ack-20");
        OffsetWindow.Entry<String> twentyTwo = window.deliver(P0, 22, "ack-22");
        OffsetWindow.Entry<String> twentyFour = window.deliver(P0, 24, "ack-24");

        assertThat(window.finish(twentyFour)).isEmpty();
        assertThat(window.finish(twentyTwo)).isEmpty();
        assertThat(window.finish(twenty)).contains("ack-24");
    }

    @Test
    void partitionsCommitIndependently() {
        OffsetWindow.Entry<String> slowOnP0 = window.deliver(P0, 1, "p0-1");
        OffsetWindow.Entry<String> fastOnP1 = window.deliver(P1, 1, "p1-1");

        assertThat(window.finish(fastOnP1)).contains("p1-1");
        assertThat(window.finish(slowOnP0)).contains("p0-1");
    }

    @Test
    void aRecordOfARevokedPartitionNeverCommitsWhenItFinishesLater() {
        OffsetWindow.Entry<String> beforeRevocation = window.deliver(P0, 5, "old-owner-5");
        OffsetWindow.Entry<String> other = window.deliver(P1, 5, "p1-5");

        window.forget(List.of(P0));

        assertThat(window.pending()).isEqualTo(1);
        assertThat(window.finish(beforeRevocation)).isEmpty();
        assertThat(window.finish(other)).contains("p1-5");
    }

    @Test
    void aPartitionAssignedAgainStartsAFreshWindowThatOldCallsCannotAdvance() {
        OffsetWindow.Entry<String> oldCall = window.deliver(P0, 5, "old-5");
        window.forget(List.of(P0));
        // Assigned back: 5 is delivered again, from the last commit.
        OffsetWindow.Entry<String> redelivered = window.deliver(P0, 5, "new-5");
        OffsetWindow.Entry<String> next = window.deliver(P0, 6, "new-6");

        assertThat(window.finish(oldCall)).isEmpty();
        assertThat(window.finish(next)).isEmpty();
        assertThat(window.finish(redelivered)).contains("new-6");
    }

    @Test
    void finishingTwiceCommitsOnce() {
        OffsetWindow.Entry<String> entry = window.deliver(P0, 3, "ack-3");

        assertThat(window.finish(entry)).contains("ack-3");
        assertThat(window.finish(entry)).isEqualTo(Optional.empty());
    }
}
