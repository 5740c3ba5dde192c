package io.genpipe.sink.recording;

import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.sink.JobStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes the {@code jobs} table. Every write is an upsert whose result does not depend on the order in which
 * the job's events arrive from their three topics, and a second delivery of the same event writes nothing:
 * <ul>
 *   <li>The request's own columns (tenant, batch, operation, requested time) are settled by the first event that
 *   carries the request, the request or any attempt; an outcome that arrives first fills them provisionally
 *   with the same values it copied from the request.</li>
 *   <li>Status only moves forward (QUEUED, RUNNING, then terminal), and the first terminal outcome wins.</li>
 *   <li>The A/B arm is set by the first event that carries one; every event of a job carries the same.</li>
 * </ul>
 */
@Repository
class JobRecords {

    private final JdbcClient jdbc;

    JobRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The job exists with its request's columns and at least {@code status} (QUEUED for the request itself,
     * RUNNING when an attempt shows that work has started); a row from an earlier outcome keeps its terminal
     * status.
     */
    void recordRequest(JobRequested job, JobStatus status, Instant now) {
        jdbc.sql("""
                        INSERT INTO jobs (job_id, tenant_id, batch_id, operation, status, requested_at,
                                          request_event_id, recorded_at)
                        VALUES (:jobId, :tenantId, :batchId, :operation, :status, :requestedAt, :eventId, :now)
                        ON CONFLICT (job_id) DO UPDATE SET
                            tenant_id        = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.tenant_id ELSE jobs.tenant_id END,
                            batch_id         = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.batch_id ELSE jobs.batch_id END,
                            requested_at     = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.requested_at ELSE jobs.requested_at END,
                            request_event_id = CASE WHEN jobs.operation IS NULL THEN EXCLUDED.request_event_id ELSE jobs.request_event_id END,
                            operation        = COALESCE(jobs.operation, EXCLUDED.operation),
                            status           = CASE WHEN jobs.status = 'QUEUED' THEN EXCLUDED.status ELSE jobs.status END
                        WHERE jobs.operation IS NULL
                           OR (jobs.status = 'QUEUED' AND EXCLUDED.status <> 'QUEUED')
                        """)
                .param("jobId", job.jobId())
                .param("tenantId", job.tenantId())
                .param("batchId", job.batchId())
                .param("operation", job.operation().wireName())
                .param("status", status.name())
                .param("requestedAt", timestamp(job.occurredAt()))
                .param("eventId", job.eventId())
                .param("now", timestamp(now))
                .update();
    }

    /**
     * The first terminal outcome of the job wins; the job row is created from it if nothing else came first.
     *
     * @return whether this outcome is the job's (false when an earlier outcome, or this one before, was recorded)
     */
    boolean recordOutcome(JobOutcome outcome, Instant now) {
        Terminal terminal = Terminal.of(outcome);
        int written = jdbc.sql("""
                        INSERT INTO jobs (job_id, tenant_id, batch_id, status, requested_at, completed_at, provider,
                                          model, images, failure_class, failure_reason, outcome_event_id, recorded_at)
                        VALUES (:jobId, :tenantId, :batchId, :status, :requestedAt, :completedAt, :provider,
                                :model, CAST(:images AS jsonb), :failureClass, :failureReason, :eventId, :now)
                        ON CONFLICT (job_id) DO UPDATE SET
                            status           = EXCLUDED.status,
                            completed_at     = EXCLUDED.completed_at,
                            provider         = EXCLUDED.provider,
                            model            = EXCLUDED.model,
                            images           = EXCLUDED.images,
                            failure_class    = EXCLUDED.failure_class,
                            failure_reason   = EXCLUDED.failure_reason,
                            outcome_event_id = EXCLUDED.outcome_event_id
                        WHERE jobs.status IN ('QUEUED', 'RUNNING')
                        """)
                .param("jobId", outcome.jobId())
                .param("tenantId", outcome.tenantId())
                .param("batchId", outcome.batchId())
                .param("status", terminal.status().name())
                .param("requestedAt", timestamp(outcome.requestedAt()))
                .param("completedAt", timestamp(outcome.occurredAt()))
                .param("provider", terminal.provider())
                .param("model", terminal.model())
                .param("images", terminal.imagesJson())
                .param("failureClass", terminal.failureClass())
                .param("failureReason", terminal.failureReason())
                .param("eventId", outcome.eventId())
                .param("now", timestamp(now))
                .update();
        return written == 1;
    }

    /** The job's A/B arm, unless one is recorded already; nothing when the event carries none. */
    void recordExperiment(String jobId, ExperimentArm experiment) {
        if (experiment == null) {
            return;
        }
        jdbc.sql("UPDATE jobs SET experiment = :experiment, arm = :arm WHERE job_id = :jobId AND experiment IS NULL")
                .param("jobId", jobId)
                .param("experiment", experiment.experiment())
                .param("arm", experiment.arm())
                .update();
    }

    /**
     * Sets the job's total to the sum of its attempt rows' known costs, and counts the rows whose cost is unknown
     * (an attempt still in flight, DISPATCHED, has no cost yet: it is not one of them) and the vendor calls whose
     * answers a worker crash lost.
     * Called in the transaction that wrote them, after the job row's upsert has locked it, so that concurrent
     * writers for one job take turns and the total is exact.
     */
    void recomputeCost(String jobId) {
        jdbc.sql("""
                        UPDATE jobs SET total_cost_usd = a.total, unknown_cost_attempts = a.unknown,
                                        lost_vendor_calls = a.lost
                        FROM (SELECT coalesce(sum(cost_usd), 0) AS total,
                                     count(*) FILTER (WHERE cost_usd IS NULL AND status <> 'DISPATCHED') AS unknown,
                                     coalesce(sum(lost_calls), 0) AS lost
                              FROM attempts WHERE job_id = :jobId) a
                        WHERE job_id = :jobId
                          AND (total_cost_usd <> a.total OR unknown_cost_attempts <> a.unknown
                               OR lost_vendor_calls <> a.lost)
                        """)
                .param("jobId", jobId)
                .update();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The columns an outcome sets, whichever kind it is. */
    private record Terminal(JobStatus status, String provider, String model, String imagesJson,
                            String failureClass, String failureReason) {

        static Terminal of(JobOutcome outcome) {
            if (outcome instanceof JobSucceeded s) {
                return new Terminal(JobStatus.SUCCEEDED, s.provider(), s.model(),
                        JsonSerde.instance().writeString(s.images()), null, null);
            }
            JobFailed f = (JobFailed) outcome;
            return new Terminal(JobStatus.FAILED, null, null, JsonSerde.instance().writeString(List.of()),
                    f.failureClass() == null ? null : f.failureClass().name(), f.reason());
        }
    }
}
