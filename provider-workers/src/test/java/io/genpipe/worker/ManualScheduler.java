package io.genpipe.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when a test advances it: what is due runs then, on the test's thread, in the
 * order it is due. {@link #nanoTime()} is its clock, for code that measures time with {@code System.nanoTime}.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task<?>> tasks = new ArrayList<>();
    private long now;
    private boolean shutDown;

    public synchronized long nanoTime() {
        return now;
    }

    /** Moves time on by {@code nanos}, running each task as its time comes. */
    public void advance(long amount, TimeUnit unit) {
        long until;
        synchronized (this) {
            until = now + unit.toNanos(amount);
        }
        while (true) {
            Task<?> due;
            synchronized (this) {
                due = tasks.stream().filter(task -> task.at <= until).min(Comparator.comparingLong(task -> task.at))
                        .orElse(null);
                if (due == null) {
                    now = until;
                    return;
                }
                tasks.remove(due);
                now = due.at;
            }
            due.run();
        }
    }

    /** Tasks waiting, and when each is due (nanoseconds on this scheduler's clock). */
    public synchronized List<Long> pending() {
        return tasks.stream().map(task -> task.at).sorted().toList();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<Void>(() -> {
            command.run();
            return null;
        }, now + unit.toNanos(delay)));
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, now + unit.toNanos(delay)));
    }

    private <V> Task<V> add(Task<V> task) {
        if (shutDown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutDown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutDown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutDown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutDown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {

        private final long at;

        Task(Callable<V> callable, long at) {
            super(callable);
            this.at = at;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                tasks.remove(this);
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }
}
