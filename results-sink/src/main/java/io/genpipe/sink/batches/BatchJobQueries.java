package io.genpipe.sink.batches;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.sink.JobStatus;
import io.genpipe.sink.jobs.JobView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** A page of a batch's jobs, served by {@code jobs_by_batch (batch_id, status)}; the count and the page in one go. */
@Repository
class BatchJobQueries {

    private static final String PAGE = """
            SELECT job_id, status, provider, model, images::text AS images, total_cost_usd, unknown_cost_attempts,
                   lost_vendor_calls,
                   failure_class, failure_reason, requested_at, completed_at, count(*) OVER () AS total
            FROM jobs
            WHERE batch_id = :batchId AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
              AND (CAST(:status AS text) IS NULL OR status = :status)
            ORDER BY job_id
            LIMIT :limit OFFSET :offset
            """;

    private final JdbcClient jdbc;

    BatchJobQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty {@code jobs} with total 0 when the batch has none of that status (or none this tenant sees). */
    BatchJobs page(String batchId, String tenantId, JobStatus status, int offset, int limit) {
        int[] total = {0};
        List<BatchJobs.Job> jobs = jdbc.sql(PAGE)
                .param("batchId", batchId)
                .param("tenantId", tenantId)
                .param("status", status == null ? null : status.name())
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> {
                    total[0] = rs.getInt("total");
                    return job(rs);
                })
                .list();
        if (jobs.isEmpty() && offset > 0) {
            // Past the last page: the count comes from the query itself, which returned no row to carry it.
            total[0] = jdbc.sql("SELECT count(*) FROM jobs WHERE batch_id = :batchId"
                            + " AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)"
                            + " AND (CAST(:status AS text) IS NULL OR status = :status)")
                    .param("batchId", batchId).param("tenantId", tenantId)
                    .param("status", status == null ? null : status.name())
                    .query(Integer.class).single();
        }
        Integer next = offset + jobs.size() < total[0] ? offset + jobs.size() : null;
        return new BatchJobs(batchId, status == null ? null : status.name(), total[0], offset, limit, next, jobs);
    }

    private static BatchJobs.Job job(ResultSet rs) throws SQLException {
        return new BatchJobs.Job(rs.getString("job_id"), JobStatus.valueOf(rs.getString("status")),
                rs.getString("provider"), rs.getString("model"),
                JobView.Image.listed(rs.getString("images")),
                Usd.plainOrNull(rs.getBigDecimal("total_cost_usd")),
                rs.getInt("unknown_cost_attempts"), rs.getInt("lost_vendor_calls"), rs.getString("failure_class"),
                rs.getString("failure_reason"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("completed_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
