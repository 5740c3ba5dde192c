package io.genpipe.sink.jobs;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.sink.JobStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest jobs and their attempts, in one statement: a tenant's served by {@code jobs_by_tenant (tenant_id,
 * requested_at)}, every tenant's by {@code jobs_by_requested_at} (V11), so neither reads more than the page.
 */
@Repository
class RecentJobQueries {

    private static final String RECENT = """
            WITH recent AS (
                SELECT job_id, status, tenant_id, batch_id, operation, provider, model, total_cost_usd,
                       unknown_cost_attempts, lost_vendor_calls, failure_class, failure_reason, requested_at,
                       completed_at, experiment, arm
                FROM jobs
                %s
                ORDER BY requested_at DESC, job_id DESC
                LIMIT :limit
            )
            SELECT r.*, a.attempt, a.provider AS a_provider, a.model AS a_model, a.status AS a_status,
                   a.failure_class AS a_failure_class, a.reason AS a_reason, a.cost_usd AS a_cost_usd,
                   a.latency_ms AS a_latency_ms, a.dispatch_reason AS a_dispatch_reason
            FROM recent r LEFT JOIN attempts a ON a.job_id = r.job_id
            ORDER BY r.requested_at DESC, r.job_id DESC, a.attempt
            """;
    /** Two statements rather than one with {@code :tenantId IS NULL OR}: each keeps to its own index. */
    private static final String OF_TENANT = RECENT.formatted("WHERE tenant_id = :tenantId");
    private static final String OF_EVERY_TENANT = RECENT.formatted("");

    private final JdbcClient jdbc;

    RecentJobQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param tenantId only this tenant's jobs; {@code null} for every tenant's (an admin's view) */
    RecentJobs newest(String tenantId, int limit) {
        JdbcClient.StatementSpec statement = tenantId == null ? jdbc.sql(OF_EVERY_TENANT)
                : jdbc.sql(OF_TENANT).param("tenantId", tenantId);
        // One row per attempt (or one for a job without any), a job's rows together and in attempt order.
        Map<String, RecentJobs.Job> jobs = new LinkedHashMap<>();
        Map<String, List<RecentJobs.Attempt>> attempts = new HashMap<>();
        statement.param("limit", limit).query((ResultSet rs) -> {
            String jobId = rs.getString("job_id");
            if (!jobs.containsKey(jobId)) {
                jobs.put(jobId, job(rs));
                attempts.put(jobId, new ArrayList<>());
            }
            RecentJobs.Attempt attempt = attempt(rs);
            if (attempt != null) {
                attempts.get(jobId).add(attempt);
            }
        });
        return new RecentJobs(tenantId, limit, jobs.values().stream()
                .map(job -> job.withAttempts(attempts.get(job.jobId()))).toList());
    }

    private static RecentJobs.Job job(ResultSet rs) throws SQLException {
        Instant requestedAt = instant(rs, "requested_at");
        Instant completedAt = instant(rs, "completed_at");
        String experiment = rs.getString("experiment");
        return new RecentJobs.Job(rs.getString("job_id"), JobStatus.valueOf(rs.getString("status")),
                rs.getString("tenant_id"), rs.getString("batch_id"), rs.getString("operation"),
                rs.getString("provider"), rs.getString("model"), Usd.plainOrNull(rs.getBigDecimal("total_cost_usd")),
                rs.getInt("unknown_cost_attempts"), rs.getInt("lost_vendor_calls"), rs.getString("failure_class"),
                rs.getString("failure_reason"), requestedAt, completedAt, JobView.durationMs(requestedAt, completedAt),
                experiment == null ? null : new JobView.Experiment(experiment, rs.getString("arm")), List.of());
    }

    private static RecentJobs.Attempt attempt(ResultSet rs) throws SQLException {
        int attempt = rs.getInt("attempt");
        if (rs.wasNull()) {
            return null; // a job with no attempt recorded yet
        }
        return new RecentJobs.Attempt(attempt, rs.getString("a_provider"), rs.getString("a_model"),
                rs.getString("a_status"), rs.getString("a_failure_class"), rs.getString("a_reason"),
                Usd.plainOrNull(rs.getBigDecimal("a_cost_usd")), rs.getBigDecimal("a_cost_usd") != null,
                rs.getObject("a_latency_ms", Long.class), rs.getString("a_dispatch_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
