package io.genpipe.sink.stats;

import io.genpipe.sink.Csv;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/stats}: per provider, then {@code "all"}, over the attempts that finished in
 * {@code [from, to)}.
 */
public record StatsReport(String window, Instant from, Instant to, List<ProviderStats> providers) {

    String csv() {
        Csv csv = new Csv(List.of("provider", "attempts", "succeeded", "success_rate", "average_latency_ms",
                "p95_latency_ms", "images", "cost_usd", "cost_per_image_usd", "unknown_cost_attempts",
                "fallback_rate"));
        for (ProviderStats p : providers) {
            csv.row(java.util.Arrays.asList(p.provider(), p.attempts(), p.succeeded(), p.successRate(),
                    p.averageLatencyMs(), p.p95LatencyMs(), p.images(), p.costUsd(), p.costPerImageUsd(),
                    p.unknownCostAttempts(), p.fallbackRate()));
        }
        return csv.toString();
    }
}
