package io.genpipe.worker.provider;

import io.genpipe.contracts.catalog.CatalogModel;

import java.time.Duration;

/**
 * How long one vendor call may run. A call gets the provider's attempt timeout, or {@value #FACTOR} times its model's
 * slow (p95) time in the catalog when that is longer: a training runs for minutes by nature, and would otherwise end
 * every attempt as TIMEOUT. The router's attempt deadline grows by the same rule.
 */
public final class LongCalls {

    public static final int FACTOR = 3;

    private LongCalls() {
    }

    public static Duration longest(CatalogModel model, Duration attemptTimeout) {
        Duration scaled = model.latency().p95().multipliedBy(FACTOR);
        return scaled.compareTo(attemptTimeout) > 0 ? scaled : attemptTimeout;
    }

    /** The longest any call of {@code provider} may run. */
    public static Duration longest(ServedProvider provider) {
        Duration attemptTimeout = provider.settings().attemptTimeout();
        return provider.catalog().models().values().stream()
                .map(model -> longest(model, attemptTimeout))
                .max(Duration::compareTo)
                .orElse(attemptTimeout);
    }
}
