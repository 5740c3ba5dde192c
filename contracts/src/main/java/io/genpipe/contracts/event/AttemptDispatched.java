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
 * @param params           what the vendor is sent: the job's parameters, adjusted where the model needs it (a size
 *                         rounded to its multiple); the job's own when absent
 * @param adjustments      each adjustment in words ("size 1000x1000 sent as 1008x1008"); empty when none
 * @param route            why this provider, for programs: the policy, each candidate's score and each provider
 *                         passed over; optional (a producer other than the router may leave it out)
 * @param experiment       the A/B arm the job was assigned to; absent when it is in no experiment
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
        List<AttemptSummary> previousAttempts,
        ImageParams params,
        List<String> adjustments,
        RouteExplanation route,
        ExperimentArm experiment) implements JobEvent {

    public AttemptDispatched {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        Require.present(job, "job");
        previousAttempts = Require.listOrEmpty(previousAttempts);
        params = params == null ? job.params() : params;
        adjustments = Require.listOrEmpty(adjustments);
    }

    /**
     * The worker's report of a successful attempt.
     *
     * @param costUsd what the vendor bills for it; {@code null} when the catalog's price could not tell (unknown)
     */
    public AttemptSucceeded succeeded(List<ImageRef> images, BigDecimal costUsd, long latencyMs, Instant now) {
        return new AttemptSucceeded(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, attempt, provider,
                model, images, costUsd, latencyMs, job, previousAttempts, adjustments, experiment, null);
    }

    /** The worker's report of a failed attempt; {@code costUsd} as for {@link #succeeded}. */
    public AttemptFailed failed(FailureClass failureClass, String failureReason, BigDecimal costUsd, long latencyMs,
                                Instant now) {
        return new AttemptFailed(SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, attempt, provider,
                model, failureClass, failureReason, costUsd, latencyMs, job, previousAttempts, adjustments, experiment,
                null);
    }
}
