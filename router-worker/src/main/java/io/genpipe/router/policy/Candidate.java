package io.genpipe.router.policy;

import java.math.BigDecimal;

/**
 * A model that qualified for a job's next attempt, with what a policy scores it on.
 *
 * @param key          identifies the candidate to the caller (its position in the stage it came from)
 * @param routeIndex   its position in the list it was taken from (the route, a preset), 0 first
 * @param routeSize    how long that list is
 * @param costPerImage the catalog's estimate for this job per image; {@code null} when the price cannot tell
 * @param latencyMs    the expected latency: observed lately when known, else the catalog's median
 * @param successRate  the share of recent attempts that succeeded; {@code null} when not known yet
 * @param backlog      calls in flight at its provider's workers; {@code null} when unknown
 * @param saturated    its provider's workers have no headroom left within the account's limits: its calls wait
 * @param priority     the operators' priority for its provider (higher first, whatever the scores)
 * @param weight       the operators' factor on its provider's score
 */
public record Candidate(int key, int routeIndex, int routeSize, BigDecimal costPerImage, long latencyMs,
                        int quality, Integer backlog, boolean saturated, Double successRate, int priority,
                        double weight) {
}
