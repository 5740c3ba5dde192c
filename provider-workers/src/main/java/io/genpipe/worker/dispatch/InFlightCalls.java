package io.genpipe.worker.dispatch;

import io.genpipe.worker.health.InFlightCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the dispatches of each provider between their delivery and the end of their attempt (result published,
 * offset finished in its {@link OffsetWindow}). Per provider, because an instance may serve several and its health
 * reports say each one's load; in total, so that a graceful stop can let them all finish (and be committed)
 * instead of leaving them to be delivered, and paid for, again.
 */
final class InFlightCalls implements InFlightCounts {

    static final String GAUGE = "genpipe.worker.calls.in-flight";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Map<String, Integer> byProvider = new HashMap<>();
    private int total;

    /** One gauge per served provider, tag {@code provider}, reading this count. */
    void registerGauges(MeterRegistry meters, Collection<String> providers) {
        for (String provider : providers) {
            Gauge.builder(GAUGE, this, calls -> calls.inFlight(provider))
                    .description("vendor calls this instance has in progress for the provider")
                    .tag("provider", provider)
                    .register(meters);
        }
    }

    void started(String provider) {
        lock.lock();
        try {
            byProvider.merge(provider, 1, Integer::sum);
            total++;
        } finally {
            lock.unlock();
        }
    }

    void ended(String provider) {
        lock.lock();
        try {
            Integer count = byProvider.get(provider);
            if (count == null) {
                throw new IllegalStateException("no call of provider " + provider + " is in flight");
            }
            if (count == 1) {
                byProvider.remove(provider);
            } else {
                byProvider.put(provider, count - 1);
            }
            total--;
            if (total == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int inFlight(String provider) {
        lock.lock();
        try {
            return byProvider.getOrDefault(provider, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Calls in flight for every provider together. */
    int count() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, on the stopping thread only, until none is in flight or the timeout passed; true when none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (total > 0) {
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
