package io.genpipe.messaging.health;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the worker instances last said about each provider, as read from the compacted health topic. A report
 * counts until its {@code validUntil}: an instance that stopped heartbeating no longer speaks, and a provider that
 * no live instance speaks for is {@link ProviderStatus.Status#UNKNOWN}: silence is never taken for health.
 */
public class ProviderHealthView {

    private final Map<String, ProviderHealth> latestByInstance = new ConcurrentHashMap<>();

    /** Keeps the newer of two reports from one instance: the compacted topic may replay an older one. */
    public void record(ProviderHealth report) {
        latestByInstance.merge(report.key(), report,
                (known, incoming) -> incoming.occurredAt().isBefore(known.occurredAt()) ? known : incoming);
    }

    /** A tombstone on the health topic: the instance is gone. */
    public void forget(String key) {
        latestByInstance.remove(key);
    }

    /** The provider's reports that have not expired, one per live worker instance, in no particular order. */
    public List<ProviderHealth> liveReports(String provider, Instant now) {
        return latestByInstance.values().stream()
                .filter(report -> report.provider().equals(provider) && report.isValidAt(now))
                .toList();
    }

    /**
     * UP when any live instance can call the provider (UP or PROBING), DOWN when every live instance says DOWN,
     * UNKNOWN when no live instance reports on it.
     */
    public ProviderStatus status(String provider, Instant now) {
        List<ProviderHealth> speaking = liveReports(provider, now);
        if (speaking.isEmpty()) {
            return new ProviderStatus(ProviderStatus.Status.UNKNOWN, "no live worker reports on it", 0);
        }
        return speaking.stream().filter(report -> report.state() != HealthState.DOWN).findFirst()
                .map(report -> new ProviderStatus(ProviderStatus.Status.UP, report.reason(), speaking.size()))
                .orElseGet(() -> new ProviderStatus(ProviderStatus.Status.DOWN, downReason(speaking),
                        speaking.size()));
    }

    /**
     * The words of the instance that will try the provider again first, with what failed last and when it tries:
     * "circuit open: failure rate 100% over 5 calls (last CREDIT_EXHAUSTED); trial call from 2026-12-02T10:15:43Z".
     */
    private static String downReason(List<ProviderHealth> down) {
        ProviderHealth first = down.stream()
                .min(Comparator.comparing(ProviderHealth::cooldownUntil,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .orElseThrow();
        StringBuilder reason = new StringBuilder(first.reason());
        if (first.failureClass() != null) {
            reason.append(" (last ").append(first.failureClass()).append(')');
        }
        if (first.cooldownUntil() != null) {
            reason.append("; trial call from ").append(first.cooldownUntil());
        }
        return reason.toString();
    }

    /**
     * Vendor calls in progress at the provider's live worker instances, summed, for load-aware routing; empty when
     * no live instance says (an old worker, or none at all): an unknown load is not taken for an idle provider.
     */
    public OptionalInt inFlight(String provider, Instant now) {
        int total = 0;
        boolean known = false;
        for (ProviderHealth report : latestByInstance.values()) {
            if (report.provider().equals(provider) && report.isValidAt(now) && report.inFlight() != null) {
                total += report.inFlight();
                known = true;
            }
        }
        return known ? OptionalInt.of(total) : OptionalInt.empty();
    }

    /**
     * Vendor calls the provider's live worker instances could start now within its account's limits, summed; empty
     * when no live instance says (no limits in the catalog, or an old worker). 0 means every call waits its turn.
     */
    public OptionalInt headroom(String provider, Instant now) {
        int total = 0;
        boolean known = false;
        for (ProviderHealth report : latestByInstance.values()) {
            if (report.provider().equals(provider) && report.isValidAt(now) && report.headroom() != null) {
                total += report.headroom();
                known = true;
            }
        }
        return known ? OptionalInt.of(total) : OptionalInt.empty();
    }

    /**
     * @param reason        the worker's words (e.g. "circuit open: failure rate 100% over 5 calls"), or why unknown
     * @param liveInstances worker instances whose report has not expired
     */
    public record ProviderStatus(Status status, String reason, int liveInstances) {

        public enum Status { UP, DOWN, UNKNOWN }

        public boolean isDown() {
            return status == Status.DOWN;
        }
    }
}
