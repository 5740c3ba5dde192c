package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The attempt failed. A failed attempt is an event like any other: the router re-routes on it and the sink
 * records it, with any cost the vendor billed anyway.
 *
 * @param failureClass decided by the adapter that saw the vendor's answer
 * @param reason       short, for humans; never holds the prompt or an API key
 * @param experiment the A/B arm of the job, copied from the dispatch; absent when none
 * @param adjustments what the vendor was sent differently from the job's parameters (see {@link AttemptDispatched})
 * @param costUsd      what the vendor bills anyway (usually zero); {@code null} when it is unknown
 * @param lostCalls vendor calls made for this attempt before a crash whose answers were lost with the worker: the
 *                  vendor may bill them, at a cost {@code costUsd} does not include and genpipe does not know; absent
 *                  when none (a synchronous call cannot be resumed, so a replacement worker makes it again)
 * @param lostCallsCostUsd what the catalog expected the lost calls to cost (see {@link AttemptResult#lostCallsCostUsd});
 *                  absent when none was lost or the price cannot tell in advance
 * @param calls     every request sent to the vendor for this attempt, before a crash included (see
 *                  {@link VendorCall}); empty from a producer that does not report them
 */
public record AttemptFailed(
        int schemaVersion,
        String eventId,
        String jobId,
        Instant occurredAt,
        int attempt,
        String provider,
        String model,
        FailureClass failureClass,
        String reason,
        BigDecimal costUsd,
        long latencyMs,
        JobRequested job,
        List<AttemptSummary> previousAttempts,
        List<String> adjustments,
        ExperimentArm experiment,
        Integer lostCalls,
        BigDecimal lostCallsCostUsd,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VendorCall> calls) implements AttemptResult {

    public AttemptFailed {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.text(jobId, "jobId");
        Require.present(occurredAt, "occurredAt");
        Require.positive(attempt, "attempt");
        Require.text(provider, "provider");
        Require.text(model, "model");
        Require.present(failureClass, "failureClass");
        reason = reason == null ? "" : reason;
        Require.notNegative(costUsd, "costUsd");
        Require.notNegative(latencyMs, "latencyMs");
        Require.present(job, "job");
        previousAttempts = Require.listOrEmpty(previousAttempts);
        adjustments = Require.listOrEmpty(adjustments);
        if (lostCalls != null) {
            Require.notNegative(lostCalls, "lostCalls");
            lostCalls = lostCalls == 0 ? null : lostCalls;
        }
        Require.notNegative(lostCallsCostUsd, "lostCallsCostUsd");
        lostCallsCostUsd = lostCalls == null ? null : lostCallsCostUsd;
        calls = Require.listOrEmpty(calls);
    }

    /** A failure of an attempt whose lost calls, if any, have no expected cost. */
    public AttemptFailed(int schemaVersion, String eventId, String jobId, Instant occurredAt, int attempt,
                         String provider, String model, FailureClass failureClass, String reason, BigDecimal costUsd,
                         long latencyMs, JobRequested job, List<AttemptSummary> previousAttempts,
                         List<String> adjustments, ExperimentArm experiment, Integer lostCalls) {
        this(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, failureClass, reason, costUsd,
                latencyMs, job, previousAttempts, adjustments, experiment, lostCalls, null, List.of());
    }

    @Override
    public AttemptFailed withLostCalls(int lost, BigDecimal expectedCost) {
        return new AttemptFailed(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, failureClass,
                reason, costUsd, latencyMs, job, previousAttempts, adjustments, experiment, lost, expectedCost, calls);
    }

    @Override
    public AttemptFailed withCalls(List<VendorCall> made) {
        return new AttemptFailed(schemaVersion, eventId, jobId, occurredAt, attempt, provider, model, failureClass,
                reason, costUsd, latencyMs, job, previousAttempts, adjustments, experiment, lostCalls, lostCallsCostUsd,
                made);
    }

    @Override
    public AttemptSummary summary() {
        return new AttemptSummary(attempt, provider, model, failureClass, reason, costUsd, latencyMs);
    }
}
