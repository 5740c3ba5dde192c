package io.genpipe.worker.dispatch;

import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.VendorCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one provider's attempts came to, as this worker reported them (a result reported again after a crash is not
 * counted twice):
 * <ul>
 *   <li>{@code genpipe.worker.attempts{provider, model, outcome, failure_class}}: {@code outcome} succeeded or failed,
 *   {@code failure_class} the contract's class ({@code none} for a success);</li>
 *   <li>{@code genpipe.worker.attempts.duration{provider, outcome}}: the attempt's time at the vendor, as a
 *   histogram;</li>
 *   <li>{@code genpipe.worker.cost{provider, model}} (USD): what they billed where the price says; an unknown cost is
 *   counted in {@code genpipe.worker.cost.unknown} instead, never here as 0;</li>
 *   <li>{@code genpipe.worker.vendor-calls{provider, outcome}}: the requests the attempts sent, by what became of
 *   each ({@code answered}, {@code retried}, {@code lost}, {@code unanswered}): the vendor bills all but the
 *   retried.</li>
 * </ul>
 * A model the catalog does not list by name (one a training made, named by its own id) is tagged {@code trained}, so
 * that the series stay as few as the catalog's models.
 */
final class AttemptMeters {

    private final MeterRegistry registry;
    private final CatalogProvider provider;
    // Built once per series, not per attempt: a builder's tags and the registry's lookup are the costly part.
    private final Map<Series, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> costs = new ConcurrentHashMap<>();
    private final Map<VendorCall.Outcome, Counter> calls = new ConcurrentHashMap<>();

    private record Series(String model, String outcome, String failureClass) {
    }

    AttemptMeters(MeterRegistry registry, CatalogProvider provider) {
        this.registry = registry;
        this.provider = provider;
    }

    void reported(AttemptResult result) {
        String model = provider.models().containsKey(result.model()) ? result.model() : "trained";
        String outcome = result instanceof AttemptFailed ? "failed" : "succeeded";
        String failureClass = result instanceof AttemptFailed failed ? failed.failureClass().name() : "none";
        attempts.computeIfAbsent(new Series(model, outcome, failureClass), series -> Counter
                .builder("genpipe.worker.attempts").tag("provider", provider.name()).tag("model", series.model())
                .tag("outcome", series.outcome()).tag("failure_class", series.failureClass()).register(registry))
                .increment();
        durations.computeIfAbsent(outcome, tag -> Timer.builder("genpipe.worker.attempts.duration")
                        .tag("provider", provider.name()).tag("outcome", tag).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
                        .register(registry))
                .record(Duration.ofMillis(result.latencyMs()));
        if (result.costUsd() != null) {
            costs.computeIfAbsent(model, tag -> Counter.builder("genpipe.worker.cost").baseUnit("usd")
                            .tag("provider", provider.name()).tag("model", tag).register(registry))
                    .increment(result.costUsd().doubleValue());
        }
        for (VendorCall call : result.calls()) {
            calls.computeIfAbsent(call.outcome(), what -> Counter.builder("genpipe.worker.vendor-calls")
                            .description("requests sent to the vendor, by what became of each")
                            .tag("provider", provider.name()).tag("outcome", what.name().toLowerCase(Locale.ROOT))
                            .register(registry))
                    .increment();
        }
    }
}
