package io.genpipe.worker.dispatch;

/**
 * Backpressure for one provider's consumers: at {@code max} vendor calls in flight they are paused, and resumed
 * once the calls fall below the low-water mark, so a burst neither floods the vendor nor piles up uncommitted
 * records. They are paused too while calls wait for a turn within the vendor account's limits (throttled): more
 * records would only wait longer. Pausing goes through the container, which pauses its consumers between polls: the
 * consumer thread is never blocked, so {@code max.poll.interval.ms} is never at risk.
 *
 * <p>Once stopped (a graceful stop pauses for good), it never resumes.
 */
final class InFlightLimit {

    private final int max;
    private final int resumeBelow;
    private Runnable pause = () -> { };
    private Runnable resume = () -> { };
    private int count;
    private boolean paused;
    private boolean throttled;
    private boolean stopped;

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1, was " + max);
        }
        this.max = max;
        this.resumeBelow = Math.max(1, max * 3 / 4);
    }

    /** What pauses and resumes the consumers; the container, once it exists. */
    synchronized void bind(Runnable pause, Runnable resume) {
        this.pause = pause;
        this.resume = resume;
    }

    synchronized void started() {
        count++;
        update();
    }

    synchronized void ended() {
        count--;
        update();
    }

    /** Whether calls are waiting for a turn within the vendor account's limits. */
    synchronized void throttled(boolean throttled) {
        this.throttled = throttled;
        update();
    }

    private void update() {
        if (!paused && (count >= max || throttled)) {
            paused = true;
            pause.run();
        } else if (paused && !stopped && !throttled && count < resumeBelow) {
            paused = false;
            resume.run();
        }
    }

    /** The consumers are stopping: never resume them again. */
    synchronized void stop() {
        stopped = true;
    }

    synchronized int count() {
        return count;
    }

    synchronized boolean paused() {
        return paused;
    }
}
