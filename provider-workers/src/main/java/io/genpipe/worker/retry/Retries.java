package io.genpipe.worker.retry;

import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.provider.ServedProvider;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Gives each served provider's adapter its retries, as {@code genpipe.workers.providers.<name>.retry} says. Waits are
 * scheduled on the workers' shared scheduler; no thread sleeps.
 */
public final class Retries {

    /** Per call, from the calling thread's own generator: one shared generator would be contended or unsafe. */
    private static final RandomGenerator THREAD_LOCAL = () -> ThreadLocalRandom.current().nextLong();

    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;

    public Retries(ScheduledExecutorService scheduler, MeterRegistry meters) {
        this(scheduler, meters, THREAD_LOCAL, System::nanoTime);
    }

    Retries(ScheduledExecutorService scheduler, MeterRegistry meters, RandomGenerator random, LongSupplier nanoTime) {
        this.scheduler = scheduler;
        this.meters = meters;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** {@code adapter} making its failed calls again within the attempt; as it is when retries are off. */
    public VendorAdapter decorate(ServedProvider provider, VendorAdapter adapter) {
        if (provider.settings().retry().maxAttempts() <= 1) {
            return adapter;
        }
        return new RetryingAdapter(provider.name(), adapter, provider.settings().retry(), scheduler, random, nanoTime,
                meters);
    }
}
