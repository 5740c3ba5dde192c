package io.genpipe.worker.ratelimit;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Which of a provider's dispatch partitions this instance owns, as a fraction of them all. Dispatches are keyed by
 * job id, so each partition carries an even part of the provider's jobs, and Kafka gives every partition one owner
 * in the group: the owned fractions of all instances add up to 1, with no word between them. That is how an
 * instance knows its part of the vendor account's limits (see the module README for why not the health topic).
 */
final class PartitionShare {

    private final Set<Integer> owned = new HashSet<>();
    private final DoubleConsumer onChange;
    private int partitionCount;

    PartitionShare(DoubleConsumer onChange) {
        this.onChange = onChange;
    }

    /** Partitions assigned to this instance, of {@code partitionCount} in the topic (as the consumer sees it). */
    void assigned(Collection<Integer> partitions, int partitionCount) {
        double fraction;
        synchronized (this) {
            owned.addAll(partitions);
            this.partitionCount = Math.max(partitionCount, this.partitionCount);
            fraction = fraction();
        }
        onChange.accept(fraction);
    }

    /** Partitions revoked or lost. */
    void revoked(Collection<Integer> partitions) {
        double fraction;
        synchronized (this) {
            owned.removeAll(partitions);
            fraction = fraction();
        }
        onChange.accept(fraction);
    }

    synchronized double fraction() {
        if (partitionCount == 0) {
            return 0;
        }
        return Math.min(1.0, (double) owned.size() / partitionCount);
    }
}
