package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The router asks one provider's worker group to make attempt number {@code attempt} of a job. It carries the
 * whole job and the attempts before it, so that workers and the router need no store to look them up.
 *
 * @param reason           why this provider was chosen, for operators and reports
 * @param deadline         the worker gives up (TIMEOUT) rather than start a vendor call after this; optional
 * @param previousAttempts attempts already made for this job, oldest first
 */
public record AttemptDispatched(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        int attempt,
        String provider,
        String model,
        String reason,
        Instant deadline,
        JobRequested job,
        List<AttemptSummary> previousAttempts) implements JobEvent {

    public AttemptDispatched {
        Require.positive(schemaVersion, "schemaVersion");
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        Require.present(job, "job");
        previousAttempts = Require.listOrEmpty(previousAttempts);
    }

    /** The worker's report of a successful attempt. */
    public AttemptSucceeded succeeded(List<ImageRef> images, BigDecimal costUsd, long latencyMs, Instant now) {
        return new AttemptSucceeded(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, attempt, provider,
                model, images, costUsd, latencyMs, job, previousAttempts);
    }

    /** The worker's report of a failed attempt. */
    public AttemptFailed failed(FailureClass failureClass, String failureReason, BigDecimal costUsd, long latencyMs,
                                Instant now) {
        return new AttemptFailed(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, attempt, provider,
                model, failureClass, failureReason, costUsd, latencyMs, job, previousAttempts);
    }
}
