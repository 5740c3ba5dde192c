package io.genpipe.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * The pipeline's health level as the router sees it, on {@code genpipe.system-health.v1} (compacted, key
 * {@code router}), republished every few seconds; the ingress's health API reads it. A report past its
 * {@code validUntil} says nothing: no router is speaking, and silence is not health.
 *
 * @param level      the worst of the operations' levels
 * @param operations one entry per operation the catalog routes
 */
public record SystemHealthReported(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        Level level,
        List<OperationHealth> operations,
        String instance,
        Instant validUntil) implements GenpipeEvent {

    public enum Level {
        /** Every provider of every route can take work. */
        HEALTHY,
        /** Some provider is down, unknown, disabled or cooling down; every operation still has one that can. */
        DEGRADED,
        /** Some operation has no provider that can take work now: its jobs wait. */
        CRITICAL
    }

    /**
     * @param available   the providers of its route that can take work now
     * @param unavailable each other provider of the route, and why ("fal is down (circuit open ...)")
     */
    public record OperationHealth(Operation operation, Level level, List<String> available, List<String> unavailable) {

        public OperationHealth {
            Require.present(operation, "operation");
            Require.present(level, "level");
            available = Require.listOrEmpty(available);
            unavailable = Require.listOrEmpty(unavailable);
        }
    }

    public SystemHealthReported {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(level, "level");
        operations = Require.listOrEmpty(operations);
        Require.text(instance, "instance");
        Require.present(validUntil, "validUntil");
    }
}
