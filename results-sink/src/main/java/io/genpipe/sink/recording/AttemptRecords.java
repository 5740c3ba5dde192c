package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
                                  experiment, arm, lost_calls, lost_calls_cost_usd, duplicate_calls_cost_usd,
                                  unpriced_duplicate_calls)
            VALUES (:jobId, :attempt, :tenantId, :batchId, :provider, :model, :status, :failureClass,
                    :reason, :costUsd, :latencyMs, :occurredAt, :eventId, :now, CAST(:adjustments AS jsonb),
                    :experiment, :arm, :lostCalls, :lostCallsCostUsd, :duplicateCallsCostUsd,
                    :unpricedDuplicateCalls)
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
                lost_calls_cost_usd = EXCLUDED.lost_calls_cost_usd,
                duplicate_calls_cost_usd = EXCLUDED.duplicate_calls_cost_usd,
                unpriced_duplicate_calls = EXCLUDED.unpriced_duplicate_calls,
            """ + ARM_COLUMNS;

    private final NamedParameterJdbcOperations jdbc;

    AttemptRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records each attempt from its own event, unless an earlier event for the same attempt number already did (an
     * earlier one in the list included: one batch, in the list's order).
     *
     * @return per result, whether the attempt bills it (false when an earlier report of the attempt does)
     */
    boolean[] record(List<AttemptResult> results, Instant now) {
        int[] written = jdbc.batchUpdate(UPSERT + RESULT_COLUMNS + """
                            , adjustments = EXCLUDED.adjustments
                        WHERE attempts.event_id IS NULL
                        """,
                results.stream().map(result -> resultColumns(result, now)).toArray(SqlParameterSource[]::new));
        boolean[] billed = new boolean[written.length];
        for (int i = 0; i < written.length; i++) {
            billed[i] = written[i] == 1;
        }
        return billed;
    }

    private static SqlParameterSource resultColumns(AttemptResult result, Instant now) {
        JobRequested job = result.job();
        AttemptFailed failed = result instanceof AttemptFailed f ? f : null;
        int lost = result.lostCalls() == null ? 0 : result.lostCalls();
        boolean listsCalls = !result.calls().isEmpty();
        return new MapSqlParameterSource()
                .addValue("jobId", result.jobId())
                .addValue("attempt", result.attempt())
                .addValue("tenantId", job.tenantId())
                .addValue("batchId", job.batchId())
                .addValue("provider", result.provider())
                .addValue("model", result.model())
                .addValue("status", failed == null ? "SUCCEEDED" : "FAILED")
                .addValue("failureClass", failed == null ? null : failed.failureClass().name())
                .addValue("reason", failed == null ? null : failed.reason())
                .addValue("costUsd", result.costUsd())
                .addValue("latencyMs", result.latencyMs())
                .addValue("occurredAt", timestamp(result.occurredAt()))
                .addValue("eventId", result.eventId())
                .addValue("now", timestamp(now))
                .addValue("adjustments", JsonSerde.instance().writeString(result.adjustments()))
                .addValue("experiment", experimentOf(result.experiment()))
                .addValue("arm", armOf(result.experiment()))
                .addValue("lostCalls", lost)
                .addValue("lostCallsCostUsd", result.lostCallsCostUsd())
                // A result that lists its calls has its duplicates worked out from them (CallRecords); one from a
                // producer that lists none paid twice for its lost calls, at their expected cost when known.
                .addValue("duplicateCallsCostUsd", listsCalls || result.lostCallsCostUsd() == null
                        ? BigDecimal.ZERO : result.lostCallsCostUsd())
                .addValue("unpricedDuplicateCalls", listsCalls || result.lostCallsCostUsd() != null ? 0 : lost);
    }

    /**
     * Records the attempts the outcomes summarise that no event has recorded yet, or only their dispatch has (whose
     * columns, adjustments included, stay). The summary does not say when the attempt happened; the outcome's time
     * stands in (it bills on that day) until the attempt's event comes.
     */
    void recordSummaries(List<JobOutcome> outcomes, Instant now) {
        List<SqlParameterSource> rows = new ArrayList<>();
        for (JobOutcome outcome : outcomes) {
            for (AttemptSummary attempt : outcome.attempts()) {
                rows.add(summaryColumns(outcome, attempt, now));
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(UPSERT + RESULT_COLUMNS + " WHERE attempts.status = 'DISPATCHED'",
                    rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static SqlParameterSource summaryColumns(JobOutcome outcome, AttemptSummary attempt, Instant now) {
        return new MapSqlParameterSource()
                .addValue("jobId", outcome.jobId())
                .addValue("attempt", attempt.attempt())
                .addValue("tenantId", outcome.tenantId())
                .addValue("batchId", outcome.batchId())
                .addValue("provider", attempt.provider())
                .addValue("model", attempt.model())
                .addValue("status", attempt.succeeded() ? "SUCCEEDED" : "FAILED")
                .addValue("failureClass", attempt.succeeded() ? null : attempt.failureClass().name())
                .addValue("reason", attempt.reason())
                .addValue("costUsd", attempt.costUsd())
                .addValue("latencyMs", attempt.latencyMs())
                .addValue("occurredAt", timestamp(outcome.occurredAt()))
                .addValue("eventId", null)
                .addValue("now", timestamp(now))
                .addValue("adjustments", "[]")
                .addValue("experiment", experimentOf(outcome.experiment()))
                .addValue("arm", armOf(outcome.experiment()))
                // a summary does not say; the attempt's own event, when it comes, does
                .addValue("lostCalls", 0)
                .addValue("lostCallsCostUsd", null)
                .addValue("duplicateCallsCostUsd", BigDecimal.ZERO)
                .addValue("unpricedDuplicateCalls", 0);
    }

    static String experimentOf(ExperimentArm arm) {
        return arm == null ? null : arm.experiment();
    }

    static String armOf(ExperimentArm arm) {
        return arm == null ? null : arm.arm();
    }
}
