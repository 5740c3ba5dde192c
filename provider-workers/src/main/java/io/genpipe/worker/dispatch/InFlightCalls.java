package io.genpipe.worker.dispatch;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the dispatches of every provider between their delivery and the end of their attempt (result published,
 * offset finished in its {@link OffsetWindow}), so that a graceful stop can let them finish (and be committed)
 * instead of leaving them to be delivered, and paid for, again.
 */
final class InFlightCalls {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int count;

    void started() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    void ended() {
        lock.lock();
        try {
            count--;
            if (count == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, on the stopping thread only, until none is in flight or the timeout passed; true when none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (count > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
