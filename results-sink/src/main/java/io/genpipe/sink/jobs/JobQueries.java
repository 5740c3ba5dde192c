package io.genpipe.sink.jobs;

import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.recording.CallRecords;
import io.genpipe.contracts.catalog.Usd;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads one job and its attempts. */
@Repository
class JobQueries {

    /** An attempt's vendor calls as one JSON array, in the order they were made (its row {@code a} in scope). */
    private static final String CALLS = """
            SELECT jsonb_agg(jsonb_build_object('callId', c.call_id, 'firstImage', c.first_image,
                       'vendorRequestId', c.vendor_request_id, 'instance', c.instance, 'startedAt', c.started_at,
                       'outcome', c.outcome, 'costUsd', c.cost_usd, 'duplicate', %s)
                       ORDER BY c.call_index) AS calls
            FROM vendor_calls c
            WHERE c.job_id = a.job_id AND c.attempt = a.attempt
            """.formatted(CallRecords.DUPLICATE);

    private final JdbcClient jdbc;

    JobQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which of {@code jobIds} have ended (SUCCEEDED or FAILED): the cheap question asked for waiting clients. */
    Set<String> finished(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT job_id FROM jobs WHERE job_id IN (:ids) AND status IN ('SUCCEEDED', 'FAILED')")
                .param("ids", List.copyOf(jobIds))
                .query(String.class)
                .list());
    }

    /** The job and its attempts, read in one statement so that the total and the attempts agree. */
    Optional<JobView> find(String jobId) {
        List<JobRow> rows = jdbc.sql("""
                        SELECT j.job_id, j.status, j.tenant_id, j.batch_id, j.operation, j.provider, j.model,
                               j.images::text AS images, j.total_cost_usd, j.unknown_cost_attempts, j.lost_vendor_calls,
                               j.lost_calls_cost_usd, j.unpriced_lost_calls,
                               j.failure_class, j.failure_reason,
                               j.requested_at, j.completed_at, j.experiment, j.arm, r.rating, j.trace_id,
                               a.attempt, a.provider AS a_provider, a.model AS a_model, a.status AS a_status,
                               a.failure_class AS a_failure_class, a.reason AS a_reason, a.cost_usd AS a_cost_usd,
                               a.latency_ms AS a_latency_ms, a.adjustments::text AS a_adjustments,
                               a.dispatched_at AS a_dispatched_at, a.deadline AS a_deadline,
                               a.dispatch_reason AS a_dispatch_reason, a.route::text AS a_route,
                               vc.calls::text AS a_calls,
                               j.callback_url IS NOT NULL AS has_callback, w.status AS w_status,
                               w.attempts AS w_attempts, w.last_status AS w_last_status, w.last_error AS w_last_error,
                               w.next_attempt_at AS w_next_attempt_at, w.delivered_at AS w_delivered_at,
                               j.trained_kind, j.trained_reference, j.trained_trigger_word,
                               p.status AS p_status, p.percent AS p_percent, p.message AS p_message,
                               p.attempt AS p_attempt, p.provider AS p_provider, p.occurred_at AS p_occurred_at
                        FROM jobs j LEFT JOIN attempts a ON a.job_id = j.job_id
                                    LEFT JOIN LATERAL (%s) vc ON true
                                    LEFT JOIN ratings r ON r.job_id = j.job_id
                                    LEFT JOIN webhook_deliveries w ON w.job_id = j.job_id
                                    -- Only progress its own tenant reported: no event can put a line on another's job.
                                    LEFT JOIN job_progress p ON p.job_id = j.job_id AND p.tenant_id = j.tenant_id
                        WHERE j.job_id = :jobId
                        ORDER BY a.attempt
                        """.formatted(CALLS))
                .param("jobId", jobId)
                .query((rs, row) -> new JobRow(rs, attempt(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<JobView.Attempt> attempts = rows.stream().map(JobRow::attempt).filter(Objects::nonNull).toList();
        return Optional.of(rows.get(0).view(attempts));
    }

    private static JobView.Attempt attempt(ResultSet rs) throws SQLException {
        int attempt = rs.getInt("attempt");
        if (rs.wasNull()) {
            return null; // a job with no attempt recorded yet
        }
        return new JobView.Attempt(attempt, rs.getString("a_provider"), rs.getString("a_model"),
                rs.getString("a_status"), rs.getString("a_failure_class"), rs.getString("a_reason"),
                Usd.plainOrNull(rs.getBigDecimal("a_cost_usd")), rs.getBigDecimal("a_cost_usd") != null,
                rs.getObject("a_latency_ms", Long.class), List.of(JsonSerde.instance().read(rs.getString("a_adjustments"),
                        String[].class)), instant(rs, "a_dispatched_at"), instant(rs, "a_deadline"),
                rs.getString("a_dispatch_reason"), route(rs.getString("a_route")), calls(rs.getString("a_calls")));
    }

    /** The lateral's JSON array, built by PostgreSQL from the {@code vendor_calls} rows; null when there are none. */
    private static List<JobView.Call> calls(String json) {
        if (json == null) {
            return List.of();
        }
        return List.of(JsonSerde.instance().read(json, CallRow[].class)).stream()
                .map(c -> new JobView.Call(c.callId(), c.firstImage(), c.vendorRequestId(), c.instance(),
                        c.startedAt().toInstant(), c.outcome(), Usd.plainOrNull(c.costUsd()), c.duplicate()))
                .toList();
    }

    private record CallRow(String callId, int firstImage, String vendorRequestId, String instance,
                           OffsetDateTime startedAt, String outcome, BigDecimal costUsd, boolean duplicate) {
    }

    /** Written by the sink from the dispatch's contract RouteExplanation, so it reads back with the contract's serde. */
    private static JobView.Route route(String json) {
        if (json == null) {
            return null;
        }
        RouteExplanation route = JsonSerde.instance().read(json, RouteExplanation.class);
        return new JobView.Route(route.policy(),
                route.scores().stream().map(s -> new JobView.Score(s.provider(), s.model(), s.score(),
                        Usd.plainOrNull(s.estimatedCostPerImageUsd()), s.quality(), s.expectedLatencyMs(),
                        s.backlog(), s.successRate())).toList(),
                route.skipped().stream().map(s -> new JobView.Skip(s.provider(), s.model(), s.cause(), s.reason()))
                        .toList());
    }

    /** One row of the join: the job's columns (the same on every row) and one attempt, if any. */
    private record JobRow(String jobId, JobStatus status, String tenantId, String batchId, String operation,
                          String provider, String model, String imagesJson, JobView.TrainedModel trainedModel,
                          BigDecimal totalCostUsd,
                          int unknownCostAttempts, int lostVendorCalls, BigDecimal lostCallsCostUsd,
                          int unpricedLostCalls, String failureClass, String failureReason,
                          Instant requestedAt, Instant completedAt, JobView.Progress progress,
                          JobView.Experiment experiment, String rating, JobView.Attempt attempt,
                          JobView.Webhook webhook, String traceId) {

        JobRow(ResultSet rs, JobView.Attempt attempt) throws SQLException {
            this(rs.getString("job_id"), JobStatus.valueOf(rs.getString("status")), rs.getString("tenant_id"),
                    rs.getString("batch_id"), rs.getString("operation"), rs.getString("provider"),
                    rs.getString("model"), rs.getString("images"), trainedModelOf(rs), rs.getBigDecimal("total_cost_usd"),
                    rs.getInt("unknown_cost_attempts"), rs.getInt("lost_vendor_calls"),
                    rs.getBigDecimal("lost_calls_cost_usd"), rs.getInt("unpriced_lost_calls"),
                    rs.getString("failure_class"), rs.getString("failure_reason"), instant(rs, "requested_at"),
                    instant(rs, "completed_at"), progressOf(rs),
                    experiment(rs.getString("experiment"), rs.getString("arm")),
                    rs.getString("rating"), attempt, webhookOf(rs), rs.getString("trace_id"));
        }

        JobView view(List<JobView.Attempt> attempts) {
            return new JobView(jobId, status, tenantId, batchId, operation, provider, model, images(imagesJson),
                    trainedModel, Usd.plainOrNull(totalCostUsd), unknownCostAttempts, lostVendorCalls,
                    lostVendorCalls == 0 ? null : Usd.plainOrNull(lostCallsCostUsd), unpricedLostCalls, failureClass,
                    failureReason, requestedAt, completedAt, JobView.durationMs(requestedAt, completedAt),
                    JobView.running(status, progress, attempts), experiment, rating, JobView.VendorCalls.of(attempts),
                    attempts, webhook, traceId);
        }

        private static JobView.Experiment experiment(String experiment, String arm) {
            return experiment == null ? null : new JobView.Experiment(experiment, arm);
        }
    }

    /** Null unless the job's outcome said it trained a model (the three columns are set together). */
    private static JobView.TrainedModel trainedModelOf(ResultSet rs) throws SQLException {
        String kind = rs.getString("trained_kind");
        return kind == null ? null : new JobView.TrainedModel(kind, rs.getString("trained_reference"),
                rs.getString("trained_trigger_word"));
    }

    /** The latest progress recorded for the job, whether or not it is still running; null when none was. */
    private static JobView.Progress progressOf(ResultSet rs) throws SQLException {
        String status = rs.getString("p_status");
        return status == null ? null : new JobView.Progress(status, rs.getObject("p_percent", Integer.class),
                rs.getString("p_message"), rs.getInt("p_attempt"), rs.getString("p_provider"),
                instant(rs, "p_occurred_at"));
    }

    /** Null for a job without a callback; a delivery still waiting for the request shows as PENDING once it has one. */
    private static JobView.Webhook webhookOf(ResultSet rs) throws SQLException {
        if (!rs.getBoolean("has_callback")) {
            return null;
        }
        String status = rs.getString("w_status");
        if (status == null) {
            return new JobView.Webhook("AWAITING_OUTCOME", 0, null, null, null, null);
        }
        return new JobView.Webhook("AWAITING_REQUEST".equals(status) ? "PENDING" : status, rs.getInt("w_attempts"),
                rs.getObject("w_last_status", Integer.class), rs.getString("w_last_error"),
                instant(rs, "w_next_attempt_at"), instant(rs, "w_delivered_at"));
    }

    private static List<JobView.Image> images(String json) {
        return JobView.Image.listed(json);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
