package io.genpipe.worker.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * {@code genpipe.worker.journal.writes{provider,record}} (record {@code call} or {@code result}),
 * {@code genpipe.worker.journal.redelivered{provider,effect}} (a dispatch seen again: {@code resumed} a recorded
 * request, {@code result-replayed}, {@code joined} a call still running here, {@code called-again} after a lost
 * synchronous call), and the gauge {@code genpipe.worker.journal.remembered} (attempts held in memory).
 */
public final class JournalMeters {

    private final MeterRegistry registry;

    public JournalMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void written(String provider, boolean result) {
        Counter.builder("genpipe.worker.journal.writes").tag("provider", provider)
                .tag("record", result ? "result" : "call").register(registry).increment();
    }

    public void redelivered(String provider, String effect) {
        Counter.builder("genpipe.worker.journal.redelivered").tag("provider", provider).tag("effect", effect)
                .register(registry).increment();
    }

    public void rememberedGauge(Supplier<Number> remembered) {
        Gauge.builder("genpipe.worker.journal.remembered", remembered).register(registry);
    }
}
