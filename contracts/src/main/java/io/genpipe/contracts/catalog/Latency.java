package io.genpipe.contracts.catalog;

import java.time.Duration;
import java.util.Objects;

/** How long a call to the model usually takes: the median and the 95th percentile. */
public record Latency(Duration p50, Duration p95) {

    public Latency {
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
        if (p50.isNegative() || p50.isZero()) {
            throw new IllegalArgumentException("latency p50 must be positive, was " + p50);
        }
        if (p95.compareTo(p50) < 0) {
            throw new IllegalArgumentException("latency p95 " + p95 + " is below p50 " + p50);
        }
    }
}
