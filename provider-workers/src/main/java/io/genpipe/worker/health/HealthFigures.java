package io.genpipe.worker.health;

import io.genpipe.contracts.event.FailureClass;

import java.time.Instant;

/**
 * What a provider's breaker has seen lately, for the figures a health report carries beside its state; a null is
 * something not known (too few calls, no success yet), never a zero.
 *
 * @param consecutiveFailures failures counted against the provider since its last success
 * @param failureRate         fraction (0 to 1) of the breaker's window that failed; null while too few calls
 * @param latencyP50Ms        median of the recent successful attempts; null when there are none
 * @param latencyP95Ms        their 95th percentile
 * @param failureClass        while not UP, the class of the last failure counted; null when UP
 * @param cooldownUntil       while DOWN, when a trial call goes through again; null otherwise
 * @param lastSuccessAt       when the provider last worked for this instance; null when not yet
 * @param lastFailureAt       when the last failure counted against the provider came; null when none yet
 */
public record HealthFigures(int consecutiveFailures, Double failureRate, Long latencyP50Ms, Long latencyP95Ms,
                            FailureClass failureClass, Instant cooldownUntil, Instant lastSuccessAt,
                            Instant lastFailureAt) {
}
