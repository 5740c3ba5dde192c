package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
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
 *   <li>Neither touches the dispatch's columns ({@link DispatchRecords}): a row the dispatch wrote first
 *   (status DISPATCHED) gets the result's columns beside them.</li>
 *   <li>The A/B arm is the job's, the same on every event that carries it: whichever comes first sets it.</li>
 * </ul>
 */
@Repository
class AttemptRecords {

    private static final String UPSERT = """
            INSERT INTO attempts (job_id, attempt, tenant_id, batch_id, provider, model, status, failure_class,
                                  reason, cost_usd, latency_ms, occurred_at, event_id, recorded_at, adjustments,
                                  experiment, arm, lost_calls)
            VALUES (:jobId, :attempt, :tenantId, :batchId, :provider, :model, :status, :failureClass,
                    :reason, :costUsd, :latencyMs, :occurredAt, :eventId, :now, CAST(:adjustments AS jsonb),
                    :experiment, :arm, :lostCalls)
            ON CONFLICT (job_id, attempt) DO
            """;

    /** Shared with {@link DispatchRecords}: the arm, kept once known. */
    static final String ARM_COLUMNS = """
                experiment = COALESCE(attempts.experiment, EXCLUDED.experiment),
                arm = CASE WHEN attempts.experiment IS NULL THEN EXCLUDED.arm ELSE attempts.arm END
            """;

    /** The result's columns over a row that has no result's yet (only a dispatch's, or only a summary's). */
    private static final String RESULT_COLUMNS = """
            UPDATE SET tenant_id = EXCLUDED.tenant_id, batch_id = EXCLUDED.batch_id,
                provider = EXCLUDED.provider, model = EXCLUDED.model, status = EXCLUDED.status,
                failure_class = EXCLUDED.failure_class, reason = EXCLUDED.reason,
                cost_usd = EXCLUDED.cost_usd, latency_ms = EXCLUDED.latency_ms,
                occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id, lost_calls = EXCLUDED.lost_calls,
            """ + ARM_COLUMNS;

    private final JdbcClient jdbc;

    AttemptRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the attempt from its own event, unless an earlier event for the same attempt number already did. */
    void record(AttemptResult result, Instant now) {
        JobRequested job = result.job();
        AttemptFailed failed = result instanceof AttemptFailed f ? f : null;
        jdbc.sql(UPSERT + RESULT_COLUMNS + """
                            , adjustments = EXCLUDED.adjustments
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
                .param("experiment", experimentOf(result.experiment()))
                .param("arm", armOf(result.experiment()))
                .param("lostCalls", result.lostCalls() == null ? 0 : result.lostCalls())
                .update();
    }

    /**
     * Records the attempts the outcome summarises that no event has recorded yet, or only their dispatch has (whose
     * columns, adjustments included, stay). The summary does not say when the attempt happened; the outcome's time
     * stands in (it bills on that day) until the attempt's event comes.
     */
    void recordSummaries(JobOutcome outcome, Instant now) {
        for (AttemptSummary attempt : outcome.attempts()) {
            jdbc.sql(UPSERT + RESULT_COLUMNS + " WHERE attempts.status = 'DISPATCHED'")
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
                    .param("experiment", experimentOf(outcome.experiment()))
                    .param("arm", armOf(outcome.experiment()))
                    .param("lostCalls", 0) // a summary does not say; the attempt's own event, when it comes, does
                    .update();
        }
    }

    static String experimentOf(ExperimentArm arm) {
        return arm == null ? null : arm.experiment();
    }

    static String armOf(ExperimentArm arm) {
        return arm == null ? null : arm.arm();
    }
}
