package io.genpipe.worker.dispatch;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records of one consumer's partitions between their delivery and their commit. Calls finish in any order,
 * but an offset may be committed only when every record delivered before it on its partition is finished, or a
 * crash would lose the unfinished ones. So a finished record is only marked; the window answers with the last
 * record of the finished prefix, whose acknowledgement commits that whole prefix.
 *
 * <p>Order is delivery order, not offset arithmetic: records that never reach the listener (sent to the DLQ,
 * compacted away, transaction markers) leave gaps that must not hold the window up.
 *
 * <p>Revoked or lost partitions are forgotten: their unfinished records go to the new owner, and a call of ours
 * that finishes later must not acknowledge anything there. Thread-safe: the consumer thread delivers and
 * revokes, the call's completion finishes.
 *
 * @param <A> what commits a record (its acknowledgement); opaque here
 */
final class OffsetWindow<A> {

    /** One delivered record; {@link #finish} takes it back. */
    static final class Entry<A> {
        private final Lane<A> lane;
        private final long offset;
        private final A commit;
        private boolean finished;

        private Entry(Lane<A> lane, long offset, A commit) {
            this.lane = lane;
            this.offset = offset;
            this.commit = commit;
        }

        long offset() {
            return offset;
        }
    }

    /** One partition's entries in delivery order; a new lane after each (re)assignment. */
    private static final class Lane<A> {
        private final ArrayDeque<Entry<A>> entries = new ArrayDeque<>();
        private boolean revoked;
    }

    private final Map<TopicPartition, Lane<A>> lanes = new HashMap<>();

    /** Records a delivered record; its offset follows every earlier delivery on the partition. */
    synchronized Entry<A> deliver(TopicPartition partition, long offset, A commit) {
        Lane<A> lane = lanes.computeIfAbsent(partition, p -> new Lane<>());
        Entry<A> entry = new Entry<>(lane, offset, commit);
        lane.entries.addLast(entry);
        return entry;
    }

    /**
     * Marks a record finished. Returns what commits the finished prefix of its partition when that prefix grew,
     * nothing when an earlier record is still unfinished or the partition was revoked since.
     */
    synchronized Optional<A> finish(Entry<A> entry) {
        if (entry.finished || entry.lane.revoked) {
            return Optional.empty();
        }
        entry.finished = true;
        Entry<A> last = null;
        while (!entry.lane.entries.isEmpty() && entry.lane.entries.peekFirst().finished) {
            last = entry.lane.entries.pollFirst();
        }
        return last == null ? Optional.empty() : Optional.of(last.commit);
    }

    /** Forgets partitions this consumer no longer owns. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Lane<A> lane = lanes.remove(partition);
            if (lane != null) {
                lane.revoked = true;
            }
        }
    }

    /** Delivered records not yet committable: unfinished ones and finished ones behind them. */
    synchronized int pending() {
        return lanes.values().stream().mapToInt(lane -> lane.entries.size()).sum();
    }
}
