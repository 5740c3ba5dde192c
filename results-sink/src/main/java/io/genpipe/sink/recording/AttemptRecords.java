package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;

import static io.genpipe.sink.recording.JobRecords.timestamp;

/**
 * Writes the {@code attempts} table: one billing record per (job, attempt number), whoever reports it how often.
 * Two sources write a row: the attempt's own event, and the job's outcome, which summarises every attempt (so a
 * finished job shows all its attempts and its whole cost even while the attempts topic lags behind).
 * <ul>
 *   <li>The first attempt event for an attempt number wins: a redelivery, or a second report of the same attempt
 *   after a worker crashed and called the vendor again, is ignored, so the attempt bills once. All reports of a
 *   job share a partition of the attempts topic, so every replay sees the same report first.</li>
 *   <li>An outcome's summary only fills a row no attempt event has written, and that event replaces it when it
 *   arrives; so the rows end the same whichever of the two came first.</li>
 * </ul>
 */
@Repository
class AttemptRecords {

    private static final String UPSERT = """
            INSERT INTO attempts (job_id, attempt, tenant_id, batch_id, provider, model, status, failure_class,
                                  reason, cost_usd, latency_ms, occurred_at, event_id, recorded_at, adjustments)
            VALUES (:jobId, :attempt, :tenantId, :batchId, :provider, :model, :status, :failureClass,
                    :reason, :costUsd, :latencyMs, :occurredAt, :eventId, :now, CAST(:adjustments AS jsonb))
            ON CONFLICT (job_id, attempt) DO
            """;

    private final JdbcClient jdbc;

    AttemptRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the attempt from its own event, unless an earlier event for the same attempt number already did. */
    void record(AttemptResult result, Instant now) {
        JobRequested job = result.job();
        AttemptFailed failed = result instanceof AttemptFailed f ? f : null;
        jdbc.sql(UPSERT + """
                         UPDATE SET tenant_id = EXCLUDED.tenant_id, batch_id = EXCLUDED.batch_id,
                            provider = EXCLUDED.provider, model = EXCLUDED.model, status = EXCLUDED.status,
                            failure_class = EXCLUDED.failure_class, reason = EXCLUDED.reason,
                            cost_usd = EXCLUDED.cost_usd, latency_ms = EXCLUDED.latency_ms,
                            occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id,
                            adjustments = EXCLUDED.adjustments
                        WHERE attempts.event_id IS NULL
                        """)
                .param("jobId", result.jobId())
                .param("attempt", result.attempt())
                .param("tenantId", job.tenantId())
                .param("batchId", job.batchId())
                .param("provider", result.provider())
                .param("model", result.model())
                .param("status", failed == null ? "SUCCEEDED" : "FAILED")
                .param("failureClass", failed == null ? null : failed.failureClass().name())
                .param("reason", failed == null ? null : failed.reason())
                .param("costUsd", result.costUsd())
                .param("latencyMs", result.latencyMs())
                .param("occurredAt", timestamp(result.occurredAt()))
                .param("eventId", result.eventId())
                .param("now", timestamp(now))
                .param("adjustments", JsonSerde.instance().writeString(result.adjustments()))
                .update();
    }

    /**
     * Records the attempts the outcome summarises that no event has recorded yet. The summary does not say when
     * the attempt happened; the outcome's time stands in (it bills on that day) until the attempt's event comes.
     */
    void recordSummaries(JobOutcome outcome, Instant now) {
        for (AttemptSummary attempt : outcome.attempts()) {
            jdbc.sql(UPSERT + " NOTHING")
                    .param("jobId", outcome.jobId())
                    .param("attempt", attempt.attempt())
                    .param("tenantId", outcome.tenantId())
                    .param("batchId", outcome.batchId())
                    .param("provider", attempt.provider())
                    .param("model", attempt.model())
                    .param("status", attempt.succeeded() ? "SUCCEEDED" : "FAILED")
                    .param("failureClass", attempt.succeeded() ? null : attempt.failureClass().name())
                    .param("reason", attempt.reason())
                    .param("costUsd", attempt.costUsd())
                    .param("latencyMs", attempt.latencyMs())
                    .param("occurredAt", timestamp(outcome.occurredAt()))
                    .param("eventId", null)
                    .param("now", timestamp(now))
                    .param("adjustments", "[]")
                    .update();
        }
    }
}
