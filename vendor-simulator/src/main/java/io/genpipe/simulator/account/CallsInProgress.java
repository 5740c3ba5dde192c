package io.genpipe.simulator.account;

/**
 * The generation calls of a synchronous vendor held open for their delayed answer: how many there are and the most
 * there were at once, for its {@code concurrency} limit and its {@link AccountCounters#peakInProgress()}. A call
 * counts from when it is accepted to just before its answer is written. Thread-safe.
 */
public final class CallsInProgress {

    private int open;
    private int peak;

    /** Opens a call unless {@code limit} (null: no limit) are already open; false leaves the count unchanged. */
    public synchronized boolean tryOpen(Integer limit) {
        if (limit != null && open >= limit) {
            return false;
        }
        open++;
        peak = Math.max(peak, open);
        return true;
    }

    public synchronized void close() {
        open--;
    }

    public synchronized int peak() {
        return peak;
    }

    /** Starts counting the peak afresh from the calls open now. */
    public synchronized void resetPeak() {
        peak = open;
    }
}
