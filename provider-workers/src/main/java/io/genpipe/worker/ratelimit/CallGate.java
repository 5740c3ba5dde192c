package io.genpipe.worker.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Lets one provider's vendor calls start within this instance's share of the vendor account's limits: at most
 * {@code concurrency} calls in progress, and calls started at most at the share of the requests per minute. A call
 * that cannot start now waits its turn, first come first served, on the scheduler (never on a thread), and gives up
 * when its time runs out. Whenever calls are waiting it says so ({@link #onBacklog}), so the provider's consumers
 * pause rather than take in work that would only queue here.
 *
 * <p>Admissions, releases and time-outs are decided under this object's lock; the futures they complete are
 * completed after it is released, because completing one starts the vendor call.
 */
final class CallGate {

    private static final double SECONDS_PER_MINUTE = 60;
    private static final double BURST_SECONDS = 0.5;

    private final Integer concurrencyLimit;
    private final Integer requestsPerMinute;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final TokenBucket bucket;
    private Consumer<Boolean> onBacklog = backlog -> { };
    private int concurrency;
    private int running;
    private boolean backlog;
    /** Backlog changes are told outside the lock; numbered, so a late telling never overrides a newer one. */
    private long backlogChanges;
    private long backlogTold;
    private final Object telling = new Object();
    private ScheduledFuture<?> wake;
    private long wakeAt;

    /**
     * @param concurrencyLimit  the account's calls in progress at once; null when unknown
     * @param requestsPerMinute the account's calls started per minute; null when unknown
     */
    CallGate(Integer concurrencyLimit, Integer requestsPerMinute, ScheduledExecutorService scheduler,
             LongSupplier nanoTime) {
        this.concurrencyLimit = concurrencyLimit;
        this.requestsPerMinute = requestsPerMinute;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.bucket = requestsPerMinute == null ? null : new TokenBucket(0, 0, nanoTime.getAsLong());
        this.concurrency = concurrencyLimit == null ? Integer.MAX_VALUE : 0;
    }

    /** Whether the catalog gives this provider any limit at all; without one, every call starts at once. */
    boolean limited() {
        return concurrencyLimit != null || requestsPerMinute != null;
    }

    /** Told {@code true} when calls start waiting here, {@code false} once none is. */
    synchronized void onBacklog(Consumer<Boolean> listener) {
        this.onBacklog = listener;
    }

    /**
     * This instance's part of the account: the fraction of the provider's dispatch partitions it owns, since the
     * keys spread jobs evenly over them and every partition has one owner. 0 until it owns any.
     */
    void share(double fraction) {
        List<Runnable> after;
        synchronized (this) {
            if (concurrencyLimit != null) {
                // Whole calls only: an instance owning any partition gets at least one, or its jobs could never run.
                concurrency = fraction <= 0 ? 0 : Math.max(1, (int) Math.floor(concurrencyLimit * fraction));
            }
            if (bucket != null) {
                double perSecond = requestsPerMinute * fraction / SECONDS_PER_MINUTE;
                // A burst of half a second's worth: the group's calls then leave the vendor's own bucket (a second's
                // worth, where it quantizes per second) half its room for the network bunching calls up on the way.
                double burst = fraction <= 0 ? 0 : Math.max(1, Math.floor(perSecond * BURST_SECONDS));
                bucket.resize(perSecond, burst, nanoTime.getAsLong());
            }
            after = drain();
        }
        after.forEach(Runnable::run);
    }

    /**
     * Admits a call now or when the limits allow, or gives up after {@code timeout}.
     *
     * @param takesToken false for a call that only resumes a request the vendor already counted (a queue request
     *                   journaled before a crash): it needs a place among the calls in progress, not a new start
     */
    CompletableFuture<Admission> enter(boolean takesToken, Duration timeout) {
        Waiter waiter = new Waiter(takesToken, nanoTime.getAsLong());
        List<Runnable> after;
        synchronized (this) {
            waiting.addLast(waiter);
            after = drain();
            if (!waiter.admitted) { // its admission is completed only after the lock: ask the waiter, not the future
                waiter.expiry = schedule(() -> expire(waiter), timeout.toNanos());
            }
        }
        after.forEach(Runnable::run);
        return waiter.admission;
    }

    /** Calls in progress now. */
    synchronized int running() {
        return running;
    }

    /** Calls waiting for their turn now. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Calls that could start at once; 0 while any is waiting. Only meaningful when {@link #limited()}. */
    synchronized int headroom() {
        if (!waiting.isEmpty()) {
            return 0;
        }
        long free = concurrency == Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) concurrency - running;
        if (bucket != null) {
            free = Math.min(free, bucket.available(nanoTime.getAsLong()));
        }
        return (int) Math.max(0, free);
    }

    /** Starts every waiting call the limits allow now; returns what to complete once the lock is released. */
    private List<Runnable> drain() {
        List<Runnable> after = new ArrayList<>();
        long now = nanoTime.getAsLong();
        while (!waiting.isEmpty() && running < concurrency) {
            Waiter head = waiting.peekFirst();
            if (head.takesToken && bucket != null) {
                long wait = bucket.take(now);
                if (wait > 0) {
                    wakeIn(wait, now);
                    break;
                }
            }
            waiting.pollFirst();
            head.admitted = true;
            running++;
            if (head.expiry != null) {
                head.expiry.cancel(false);
            }
            Admission admitted = new Admission.Admitted(Duration.ofNanos(now - head.enqueued), releaseOnce());
            after.add(() -> head.admission.complete(admitted));
        }
        backlogChange(after);
        return after;
    }

    private Runnable releaseOnce() {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        };
    }

    private void release() {
        List<Runnable> after;
        synchronized (this) {
            running--;
            after = drain();
        }
        if (!after.isEmpty()) {
            // On the scheduler, not inline: a call that ends at once would otherwise start the next one inside its
            // own completion, and a queue of such calls would nest as deep as it is long.
            try {
                scheduler.execute(() -> after.forEach(Runnable::run));
            } catch (RejectedExecutionException stopping) {
                after.forEach(Runnable::run);
            }
        }
    }

    private void expire(Waiter waiter) {
        List<Runnable> after;
        synchronized (this) {
            if (!removeWaiting(waiter)) {
                return; // admitted meanwhile
            }
            // The head may have been held back by the one that leaves; the rest may go now.
            after = drain();
        }
        waiter.admission.complete(new Admission.TimedOut(Duration.ofNanos(nanoTime.getAsLong() - waiter.enqueued)));
        after.forEach(Runnable::run);
    }

    private boolean removeWaiting(Waiter waiter) {
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            if (it.next() == waiter) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The next token is {@code nanos} away: drain again then, unless a wake-up is due sooner already. */
    private void wakeIn(long nanos, long now) {
        if (nanos == Long.MAX_VALUE) {
            return; // a share of 0: the next share() drains
        }
        long at = now + nanos;
        if (wake != null && !wake.isDone() && wakeAt - at <= 0) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wakeAt = at;
        wake = schedule(this::woken, nanos);
    }

    private void woken() {
        List<Runnable> after;
        synchronized (this) {
            wake = null;
            after = drain();
        }
        after.forEach(Runnable::run);
    }

    private void backlogChange(List<Runnable> after) {
        boolean now = !waiting.isEmpty();
        if (now != backlog) {
            backlog = now;
            long change = ++backlogChanges;
            Consumer<Boolean> listener = onBacklog;
            after.add(() -> {
                synchronized (telling) {
                    if (change > backlogTold) {
                        backlogTold = change;
                        listener.accept(now);
                    }
                }
            });
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return scheduler.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return null; // the worker is stopping: what waits here is delivered again to the next owner
        }
    }

    private static final class Waiter {

        private final boolean takesToken;
        private final long enqueued;
        private final CompletableFuture<Admission> admission = new CompletableFuture<>();
        private ScheduledFuture<?> expiry;
        private boolean admitted;

        Waiter(boolean takesToken, long enqueued) {
            this.takesToken = takesToken;
            this.enqueued = enqueued;
        }
    }
}
