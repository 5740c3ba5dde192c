package io.genpipe.simulator.google;

/**
 * The generation calls held open for their delayed answer: how many there are and the most there were at once. A
 * call counts from when it is accepted to just before its answer is written.
 */
final class HeldCalls {

    private int open;
    private int peak;

    /** Opens a call unless {@code limit} are already open; false leaves the count unchanged. */
    synchronized boolean tryOpen(int limit) {
        if (open >= limit) {
            return false;
        }
        open++;
        peak = Math.max(peak, open);
        return true;
    }

    synchronized void close() {
        open--;
    }

    synchronized int peak() {
        return peak;
    }

    synchronized void resetPeak() {
        peak = open;
    }
}
