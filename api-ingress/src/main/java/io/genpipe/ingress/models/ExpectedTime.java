package io.genpipe.ingress.models;

import io.genpipe.contracts.catalog.Latency;

/**
 * How long one call to a model usually takes, from the catalog, in milliseconds: the median and the 95th
 * percentile. Milliseconds rather than ISO durations, so that clients can compare and add them as numbers.
 */
public record ExpectedTime(long p50Ms, long p95Ms) {

    public static ExpectedTime of(Latency latency) {
        return new ExpectedTime(latency.p50().toMillis(), latency.p95().toMillis());
    }
}
