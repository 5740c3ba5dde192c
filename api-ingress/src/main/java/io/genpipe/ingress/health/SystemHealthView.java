package io.genpipe.ingress.health;

import io.genpipe.contracts.event.SystemHealthReported;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The router's latest word on the system's health level ({@code genpipe.system-health.v1}). */
public class SystemHealthView {

    private final AtomicReference<SystemHealthReported> latest = new AtomicReference<>();

    /** Keeps the newer of two reports: the compacted topic may hand an older one back at start. */
    void record(SystemHealthReported report) {
        latest.accumulateAndGet(report, (known, incoming) ->
                known != null && incoming.occurredAt().isBefore(known.occurredAt()) ? known : incoming);
    }

    void forget() {
        latest.set(null);
    }

    /** The latest report while it is valid; empty when no router has spoken lately, which says nothing. */
    public Optional<SystemHealthReported> current(Instant now) {
        SystemHealthReported report = latest.get();
        return report == null || !now.isBefore(report.validUntil()) ? Optional.empty() : Optional.of(report);
    }
}
