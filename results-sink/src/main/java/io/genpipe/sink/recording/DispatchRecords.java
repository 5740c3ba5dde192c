package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

import static io.genpipe.sink.recording.AttemptRecords.armOf;
import static io.genpipe.sink.recording.AttemptRecords.experimentOf;
import static io.genpipe.sink.recording.JobRecords.timestamp;

/**
 * Writes what the router's dispatch said into the attempt's row of the {@code attempts} table: when, until when, why
 * (in words and as the structured route) and the A/B arm. The dispatch topics are not the attempts topic, so the
 * dispatch may come before or after the attempt's result and the job's outcome:
 * <ul>
 *   <li>Before: it creates the row as DISPATCHED, an attempt in flight with no cost or latency; the result (or the
 *   outcome's summary) later fills the rest and leaves the dispatch's columns alone.</li>
 *   <li>After: it fills only its own columns; status, cost and everything else the result recorded stay.</li>
 *   <li>The first dispatch recorded for the attempt wins, so a redelivery changes nothing.</li>
 * </ul>
 * What the result reports (its adjustments, provider and model) is what the vendor was really sent, so the
 * dispatch's adjustments only stand until a result is recorded.
 */
@Repository
class DispatchRecords {

    private final NamedParameterJdbcOperations jdbc;

    DispatchRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many of the dispatches wrote anything (a redelivered dispatch does not), in one batch */
    int record(List<AttemptDispatched> dispatches, Instant now) {
        int written = 0;
        for (int rows : jdbc.batchUpdate("""
                        INSERT INTO attempts (job_id, attempt, tenant_id, batch_id, provider, model, status,
                                              occurred_at, recorded_at, adjustments, dispatch_reason, route,
                                              dispatched_at, deadline, experiment, arm)
                        VALUES (:jobId, :attempt, :tenantId, :batchId, :provider, :model, 'DISPATCHED',
                                :dispatchedAt, :now, CAST(:adjustments AS jsonb), :reason, CAST(:route AS jsonb),
                                :dispatchedAt, :deadline, :experiment, :arm)
                        ON CONFLICT (job_id, attempt) DO UPDATE SET
                            dispatch_reason = EXCLUDED.dispatch_reason,
                            route           = EXCLUDED.route,
                            dispatched_at   = EXCLUDED.dispatched_at,
                            deadline        = EXCLUDED.deadline,
                            adjustments     = CASE WHEN attempts.event_id IS NULL THEN EXCLUDED.adjustments
                                                   ELSE attempts.adjustments END,
                        """ + AttemptRecords.ARM_COLUMNS + """
                        WHERE attempts.dispatched_at IS NULL
                        """,
                dispatches.stream().map(dispatch -> columns(dispatch, now)).toArray(SqlParameterSource[]::new))) {
            written += rows;
        }
        return written;
    }

    private static SqlParameterSource columns(AttemptDispatched dispatch, Instant now) {
        JobRequested job = dispatch.job();
        return new MapSqlParameterSource()
                .addValue("jobId", dispatch.jobId())
                .addValue("attempt", dispatch.attempt())
                .addValue("tenantId", job.tenantId())
                .addValue("batchId", job.batchId())
                .addValue("provider", dispatch.provider())
                .addValue("model", dispatch.model())
                .addValue("dispatchedAt", timestamp(dispatch.occurredAt()))
                .addValue("now", timestamp(now))
                .addValue("adjustments", JsonSerde.instance().writeString(dispatch.adjustments()))
                .addValue("reason", dispatch.reason())
                .addValue("route", dispatch.route() == null ? null : JsonSerde.instance().writeString(dispatch.route()))
                .addValue("deadline", timestamp(dispatch.deadline()))
                .addValue("experiment", experimentOf(dispatch.experiment()))
                .addValue("arm", armOf(dispatch.experiment()));
    }
}
