package io.genpipe.sink.stats;

import java.math.BigDecimal;

/**
 * How one provider did over the window ({@code GET /v1/stats}): seed 001's dashboard figures, which the alert rules
 * read too. Every figure is over the attempts that finished in the window; one that has nothing to be computed from
 * is {@code null}, never 0.
 *
 * @param provider          the provider, or {@code "all"} for every provider together
 * @param attempts          attempts that finished in the window
 * @param succeeded         of those, the ones that made images
 * @param successRate       succeeded ÷ attempts
 * @param averageLatencyMs  mean vendor time of the attempts (success or failure)
 * @param p95LatencyMs      95th percentile of the same
 * @param images            images the successful attempts delivered (as recorded on their jobs)
 * @param costUsd           what the attempts whose cost is known billed, trainings' included
 * @param costPerImageUsd   the known cost of the attempts of jobs that make images ÷ images: failed attempts' cost
 *                          included, as it is what the images cost; a training's left out (it buys a model, and
 *                          its 0 images would make any figure false)
 * @param unknownCostAttempts attempts whose cost is unknown (while above zero, the costs are lower bounds)
 * @param fallbackRate      of the attempts, the share that failed and sent their job on to another attempt
 */
public record ProviderStats(String provider, long attempts, long succeeded, Double successRate,
                            Long averageLatencyMs, Long p95LatencyMs, long images, BigDecimal costUsd,
                            BigDecimal costPerImageUsd, long unknownCostAttempts, Double fallbackRate) {
}
