package io.genpipe.worker.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * {@code genpipe.worker.journal.writes{provider,record}} (record {@code call} or {@code result}),
 * {@code genpipe.worker.journal.redelivered{provider,effect}} (a dispatch seen again: {@code resumed} a recorded
 * request, {@code result-replayed}, {@code joined} a call still running here, {@code called-again} after a lost
 * synchronous call), {@code genpipe.worker.calls.lost{provider,priced}} (calls an earlier run made whose answers
 * were lost, which the vendor may bill: {@code priced} when the catalog could foretell their cost) with
 * {@code genpipe.worker.calls.lost.expected-cost{provider}} (that cost, USD), and the gauge
 * {@code genpipe.worker.journal.remembered} (attempts held in memory).
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

    /**
     * The lost-call series of each served provider, at 0 from the start: a dashboard and an alert on them see 0 (no
     * call lost), not an absent series they cannot tell from a worker that does not report.
     */
    public void registerLost(Collection<String> providers) {
        for (String provider : providers) {
            for (boolean priced : new boolean[] {true, false}) {
                Counter.builder("genpipe.worker.calls.lost").tag("provider", provider)
                        .tag("priced", String.valueOf(priced)).register(registry);
            }
            Counter.builder("genpipe.worker.calls.lost.expected-cost").baseUnit("usd").tag("provider", provider)
                    .register(registry);
        }
    }

    /** {@code calls} lost calls found for one attempt, expected to have cost {@code expectedUsd} (null: unknown). */
    public void lost(String provider, int calls, BigDecimal expectedUsd) {
        Counter.builder("genpipe.worker.calls.lost").tag("provider", provider)
                .tag("priced", String.valueOf(expectedUsd != null)).register(registry).increment(calls);
        if (expectedUsd != null) {
            Counter.builder("genpipe.worker.calls.lost.expected-cost").baseUnit("usd").tag("provider", provider)
                    .register(registry).increment(expectedUsd.doubleValue());
        }
    }

    public void rememberedGauge(Supplier<Number> remembered) {
        Gauge.builder("genpipe.worker.journal.remembered", remembered).register(registry);
    }
}
