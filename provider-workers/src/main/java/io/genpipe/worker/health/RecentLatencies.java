package io.genpipe.worker.health;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The durations of a provider's last successful attempts in this instance, for the percentiles health reports
 * carry. A fixed ring: recording is a store, and the sort happens only when a report is made (every few seconds).
 */
final class RecentLatencies {

    private final long[] millis;
    private int next;
    private int size;

    RecentLatencies(int capacity) {
        this.millis = new long[capacity];
    }

    synchronized void record(long durationMillis) {
        millis[next] = durationMillis;
        next = (next + 1) % millis.length;
        size = Math.min(size + 1, millis.length);
    }

    /** The nearest-rank percentile ({@code 0 < p <= 100}) of what is held; empty when nothing is. */
    OptionalLong percentile(double p) {
        long[] sorted;
        synchronized (this) {
            if (size == 0) {
                return OptionalLong.empty();
            }
            sorted = Arrays.copyOf(millis, size);
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return OptionalLong.of(sorted[Math.max(0, rank - 1)]);
    }
}
