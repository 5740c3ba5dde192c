package io.genpipe.sink.recording;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.sink.JobStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code jobs} table. Every write is an upsert whose result does not depend on the order in which
 * the job's events arrive from their three topics, and a second delivery of the same event writes nothing:
 * <ul>
 *   <li>The request's own columns (tenant, batch, operation, requested time, callback URL) are settled by the first event that
 *   carries the request, the request or any attempt; an outcome that arrives first fills them provisionally
 *   with the same values it copied from the request.</li>
 *   <li>Status only moves forward (QUEUED, RUNNING, then terminal), and the first terminal outcome wins, with all it
 *   says: images, failure, or the model a training made.</li>
 *   <li>The A/B arm is set by the first event that carries one; every event of a job carries the same.</li>
 * </ul>
 * Each write takes a list and sends it as one JDBC batch (one round trip), in the list's order: the same rows as
 * one statement per event, for a fraction of the cost.
 */
@Repository
class JobRecords {

    private final NamedParameterJdbcOperations jdbc;
    private final BatchRecords batches;

    JobRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
        this.batches = new BatchRecords(jdbc);
    }

    /**
     * A job seen in an event that carries its request, and the status that event shows it at least in.
     *
     * @param traceId the W3C trace id of the event's record, when it carries one and it is worth recording
     */
    record Seen(JobRequested job, JobStatus status, String traceId) {

        Seen(JobRequested job, JobStatus status) {
            this(job, status, null);
        }
    }

    /**
     * The job exists with its request's columns and at least {@code status} (QUEUED for the request itself,
     * RUNNING when an attempt shows that work has started); a row from an earlier outcome keeps its terminal
     * status. A job that states its batch's size records it ({@link BatchRecords}).
     */
    void recordRequests(List<Seen> seen, Instant now) {
        batches.record(seen.stream().map(Seen::job).toList(), now);
        jdbc.batchUpdate("""
                        INSERT INTO jobs (job_id, tenant_id, batch_id, operation, status, requested_at,
                                          request_event_id, recorded_at, callback_url, trace_id)
                        VALUES (:jobId, :tenantId, :batchId, :operation, :status, :requestedAt, :eventId, :now,
                                :callbackUrl, :traceId)
                        ON CONFLICT (job_id) DO UPDATE SET
                            trace_id         = COALESCE(jobs.trace_id, EXCLUDED.trace_id),
                            callback_url     = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.callback_url ELSE jobs.callback_url END,
                            tenant_id        = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.tenant_id ELSE jobs.tenant_id END,
                            batch_id         = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.batch_id ELSE jobs.batch_id END,
                            requested_at     = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.requested_at ELSE jobs.requested_at END,
                            request_event_id = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.request_event_id ELSE jobs.request_event_id END,
                            operation        = COALESCE(jobs.operation, EXCLUDED.operation),
                            status           = CASE WHEN jobs.status = 'QUEUED' THEN EXCLUDED.status ELSE jobs.status END
                        WHERE jobs.operation IS NULL
                           OR (jobs.status = 'QUEUED' AND EXCLUDED.status <> 'QUEUED')
                           OR (jobs.trace_id IS NULL AND EXCLUDED.trace_id IS NOT NULL)
                        """,
                seen.stream().map(one -> new MapSqlParameterSource()
                        .addValue("jobId", one.job().jobId())
                        .addValue("tenantId", one.job().tenantId())
                        .addValue("batchId", one.job().batchId())
                        .addValue("operation", one.job().operation().wireName())
                        .addValue("status", one.status().name())
                        .addValue("requestedAt", timestamp(one.job().occurredAt()))
                        .addValue("eventId", one.job().eventId())
                        .addValue("callbackUrl", one.job().callbackUrl())
                        .addValue("traceId", one.traceId())
                        .addValue("now", timestamp(now))).toArray(SqlParameterSource[]::new));
    }

    /**
     * The first terminal outcome of each job wins; the job row is created from it if nothing else came first.
     *
     * @param traceIds by job id, the trace id its outcome's record carried, if any (kept only by a row with none yet)
     * @return per outcome, whether it is its job's (false when an earlier outcome, or this one before, was recorded)
     */
    boolean[] recordOutcomes(List<JobOutcome> outcomes, Map<String, String> traceIds, Instant now) {
        int[] written = jdbc.batchUpdate("""
                        INSERT INTO jobs (job_id, tenant_id, batch_id, status, requested_at, completed_at, provider,
                                          model, images, failure_class, failure_reason, outcome_event_id, recorded_at,
                                          trained_kind, trained_reference, trained_trigger_word, trace_id)
                        VALUES (:jobId, :tenantId, :batchId, :status, :requestedAt, :completedAt, :provider,
                                :model, CAST(:images AS jsonb), :failureClass, :failureReason, :eventId, :now,
                                :trainedKind, :trainedReference, :trainedTriggerWord, :traceId)
                        ON CONFLICT (job_id) DO UPDATE SET
                            trace_id         = COALESCE(jobs.trace_id, EXCLUDED.trace_id),
                            status           = EXCLUDED.status,
                            completed_at     = EXCLUDED.completed_at,
                            provider         = EXCLUDED.provider,
                            model            = EXCLUDED.model,
                            images           = EXCLUDED.images,
                            failure_class    = EXCLUDED.failure_class,
                            failure_reason   = EXCLUDED.failure_reason,
                            outcome_event_id = EXCLUDED.outcome_event_id,
                            trained_kind     = EXCLUDED.trained_kind,
                            trained_reference = EXCLUDED.trained_reference,
                            trained_trigger_word = EXCLUDED.trained_trigger_word
                        WHERE jobs.status IN ('QUEUED', 'RUNNING')
                        """,
                outcomes.stream().map(outcome -> outcomeColumns(outcome, now)
                        .addValue("traceId", traceIds.get(outcome.jobId()))).toArray(SqlParameterSource[]::new));
        boolean[] won = new boolean[written.length];
        for (int i = 0; i < written.length; i++) {
            won[i] = written[i] == 1;
        }
        return won;
    }

    private static MapSqlParameterSource outcomeColumns(JobOutcome outcome, Instant now) {
        Terminal terminal = Terminal.of(outcome);
        return new MapSqlParameterSource()
                .addValue("jobId", outcome.jobId())
                .addValue("tenantId", outcome.tenantId())
                .addValue("batchId", outcome.batchId())
                .addValue("status", terminal.status().name())
                .addValue("requestedAt", timestamp(outcome.requestedAt()))
                .addValue("completedAt", timestamp(outcome.occurredAt()))
                .addValue("provider", terminal.provider())
                .addValue("model", terminal.model())
                .addValue("images", terminal.imagesJson())
                .addValue("failureClass", terminal.failureClass())
                .addValue("failureReason", terminal.failureReason())
                .addValue("eventId", outcome.eventId())
                .addValue("now", timestamp(now))
                .addValue("trainedKind", terminal.trained() == null ? null : wireName(terminal.trained().kind()))
                .addValue("trainedReference", terminal.trained() == null ? null : terminal.trained().reference())
                .addValue("trainedTriggerWord", terminal.trained() == null ? null : terminal.trained().triggerWord());
    }

    /**
     * The kind's name on the wire ({@code lora-weights}), which is also how the table and the job's status name it:
     * read from the contract's own annotation, so the two can never spell it differently.
     */
    static String wireName(TrainedModel.Kind kind) {
        try {
            return TrainedModel.Kind.class.getField(kind.name()).getAnnotation(JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("an enum constant is a field: " + kind, e);
        }
    }

    /** Each job's A/B arm, unless one is recorded already; events that carry none are skipped. */
    void recordExperiments(List<? extends JobEvent> events) {
        SqlParameterSource[] arms = events.stream().filter(event -> experimentOf(event) != null)
                .map(event -> new MapSqlParameterSource()
                        .addValue("jobId", event.jobId())
                        .addValue("experiment", experimentOf(event).experiment())
                        .addValue("arm", experimentOf(event).arm()))
                .toArray(SqlParameterSource[]::new);
        if (arms.length > 0) {
            jdbc.batchUpdate(
                    "UPDATE jobs SET experiment = :experiment, arm = :arm WHERE job_id = :jobId AND experiment IS NULL",
                    arms);
        }
    }

    private static ExperimentArm experimentOf(JobEvent event) {
        if (event instanceof AttemptDispatched dispatch) {
            return dispatch.experiment();
        }
        if (event instanceof AttemptResult result) {
            return result.experiment();
        }
        if (event instanceof JobOutcome outcome) {
            return outcome.experiment();
        }
        return null;
    }

    /**
     * Sets each job's total to the sum of its attempt rows' known costs, and counts the rows whose cost is unknown
     * (an attempt still in flight, DISPATCHED, has no cost yet: it is not one of them) and the vendor calls whose
     * answers a worker crash lost: what the priced ones were expected to cost, and how many no price foretold.
     * One statement for all the jobs.
     * Called in the transaction that wrote them, after the job rows' upserts have locked them, so that concurrent
     * writers for one job take turns and the total is exact.
     */
    void recomputeCosts(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        jdbc.update("""
                        UPDATE jobs SET total_cost_usd = a.total, unknown_cost_attempts = a.unknown,
                                        lost_vendor_calls = a.lost, lost_calls_cost_usd = a.lost_cost,
                                        unpriced_lost_calls = a.lost_unpriced
                        FROM (SELECT job_id, coalesce(sum(cost_usd), 0) AS total,
                                     count(*) FILTER (WHERE cost_usd IS NULL AND status <> 'DISPATCHED') AS unknown,
                                     coalesce(sum(lost_calls), 0) AS lost,
                                     coalesce(sum(lost_calls_cost_usd), 0) AS lost_cost,
                                     coalesce(sum(lost_calls) FILTER (WHERE lost_calls_cost_usd IS NULL), 0)
                                         AS lost_unpriced
                              FROM attempts WHERE job_id IN (:jobIds) GROUP BY job_id) a
                        WHERE jobs.job_id = a.job_id
                          AND (total_cost_usd <> a.total OR unknown_cost_attempts <> a.unknown
                               OR lost_vendor_calls <> a.lost OR lost_calls_cost_usd <> a.lost_cost
                               OR unpriced_lost_calls <> a.lost_unpriced)
                        """,
                new MapSqlParameterSource("jobIds", List.copyOf(jobIds)));
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The columns an outcome sets, whichever kind it is. */
    private record Terminal(JobStatus status, String provider, String model, String imagesJson,
                            String failureClass, String failureReason, TrainedModel trained) {

        static Terminal of(JobOutcome outcome) {
            if (outcome instanceof JobSucceeded s) {
                return new Terminal(JobStatus.SUCCEEDED, s.provider(), s.model(),
                        JsonSerde.instance().writeString(s.images()), null, null, s.trainedModel());
            }
            JobFailed f = (JobFailed) outcome;
            return new Terminal(JobStatus.FAILED, null, null, JsonSerde.instance().writeString(List.of()),
                    f.failureClass() == null ? null : f.failureClass().name(), f.reason(), null);
        }
    }
}
