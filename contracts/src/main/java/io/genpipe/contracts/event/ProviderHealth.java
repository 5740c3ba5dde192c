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
        Integer inFlight) implements GenpipeEvent {

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
    }

    /** A report that does not say how many calls are in flight. */
    public ProviderHealth(int schemaVersion, String eventId, Instant occurredAt, String provider, String instance,
                          HealthState state, String reason, Instant validUntil) {
        this(schemaVersion, eventId, occurredAt, provider, instance, state, reason, validUntil, null);
    }

    /** The record key on the health topic. */
    public String key() {
        return provider + "/" + instance;
    }

    public boolean isValidAt(Instant now) {
        return now.isBefore(validUntil);
    }
}
