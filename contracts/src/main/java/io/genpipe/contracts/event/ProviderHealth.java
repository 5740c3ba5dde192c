package io.genpipe.contracts.event;

import java.time.Instant;

/**
 * One worker instance's view of its provider, on {@code genpipe.provider-health.v1} (compacted, keyed
 * {@code provider/instance}). Published on every breaker state change and on a heartbeat.
 *
 * @param instance   the worker instance that observed it (host name and a unique suffix)
 * @param validUntil readers ignore the report after this: an instance that stopped heartbeating no longer speaks
 * @param reason     why, for operators (e.g. "failure rate 100% over 5 calls")
 * @param inFlight   vendor calls this instance has in progress, for load-aware routing; absent when it does not say
 * @param headroom   vendor calls this instance could start now within its part of the vendor account's limits (0 while
 *                   calls wait for a turn); absent when no limit is known, which is not the same as unlimited
 * @param consecutiveFailures failures counted against the provider since its last success
 * @param failureRate the fraction (0 to 1) of the breaker's recent calls that failed; absent while too few to judge
 * @param latencyP50Ms median duration of this instance's recent successful attempts; absent when it has none
 * @param latencyP95Ms 95th percentile of the same
 * @param failureClass while DOWN or PROBING: the class of the last failure counted against the provider (e.g.
 *                     CREDIT_EXHAUSTED, RATE_LIMITED); absent when UP
 * @param cooldownUntil while DOWN: when the breaker lets a trial call through again; absent otherwise, and for a
 *                      provider that cannot work until it is fixed (no API key)
 * @param lastSuccessAt when this instance last saw the provider work; absent when it has not since it started
 * @param lastFailureAt when this instance last saw a failure counted against the provider; absent when none
 */
public record ProviderHealth(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String provider,
        String instance,
        HealthState state,
        String reason,
        Instant validUntil,
        Integer inFlight,
        Integer headroom,
        Integer consecutiveFailures,
        Double failureRate,
        Long latencyP50Ms,
        Long latencyP95Ms,
        FailureClass failureClass,
        Instant cooldownUntil,
        Instant lastSuccessAt,
        Instant lastFailureAt) implements GenpipeEvent {

    public ProviderHealth {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(provider, "provider");
        Require.text(instance, "instance");
        Require.present(state, "state");
        reason = reason == null ? "" : reason;
        Require.present(validUntil, "validUntil");
        if (inFlight != null) {
            Require.notNegative(inFlight, "inFlight");
        }
        if (headroom != null) {
            Require.notNegative(headroom, "headroom");
        }
        if (consecutiveFailures != null) {
            Require.notNegative(consecutiveFailures, "consecutiveFailures");
        }
        if (failureRate != null && !(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1, was " + failureRate);
        }
        if (latencyP50Ms != null) {
            Require.notNegative(latencyP50Ms, "latencyP50Ms");
        }
        if (latencyP95Ms != null) {
            Require.notNegative(latencyP95Ms, "latencyP95Ms");
        }
    }

    /** A report without the times of the last success and failure (workers before they were reported). */
    public ProviderHealth(int schemaVersion, String eventId, Instant occurredAt, String provider, String instance,
                          HealthState state, String reason, Instant validUntil, Integer inFlight, Integer headroom,
                          Integer consecutiveFailures, Double failureRate, Long latencyP50Ms, Long latencyP95Ms,
                          FailureClass failureClass, Instant cooldownUntil) {
        this(schemaVersion, eventId, occurredAt, provider, instance, state, reason, validUntil, inFlight, headroom,
                consecutiveFailures, failureRate, latencyP50Ms, latencyP95Ms, failureClass, cooldownUntil, null, null);
    }

    /** A report that says how many calls are in flight, and nothing of the figures behind its state. */
    public ProviderHealth(int schemaVersion, String eventId, Instant occurredAt, String provider, String instance,
                          HealthState state, String reason, Instant validUntil, Integer inFlight) {
        this(schemaVersion, eventId, occurredAt, provider, instance, state, reason, validUntil, inFlight, null, null,
                null, null, null, null, null);
    }

    /** A report that does not say how many calls are in flight. */
    public ProviderHealth(int schemaVersion, String eventId, Instant occurredAt, String provider, String instance,
                          HealthState state, String reason, Instant validUntil) {
        this(schemaVersion, eventId, occurredAt, provider, instance, state, reason, validUntil, (Integer) null);
    }

    /** The record key on the health topic. */
    public String key() {
        return provider + "/" + instance;
    }

    public boolean isValidAt(Instant now) {
        return now.isBefore(validUntil);
    }
}
