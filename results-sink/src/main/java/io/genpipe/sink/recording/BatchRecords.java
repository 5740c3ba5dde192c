package io.genpipe.sink.recording;

import io.genpipe.contracts.event.JobRequested;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.genpipe.sink.recording.JobRecords.timestamp;

/**
 * Writes the {@code batches} table: each batch's declared size, from the jobs that state it
 * ({@code JobRequested.batchSize}). One row per batch and tenant, whatever order and how often its jobs come: the
 * largest size stated stands. Part of {@link JobRecords}: a job's request is what states it.
 */
final class BatchRecords {

    private final NamedParameterJdbcOperations jdbc;

    BatchRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the sizes these jobs state, one row per batch (a poll of 500 jobs of one batch writes one row). */
    void record(Collection<JobRequested> jobs, Instant now) {
        Map<String, JobRequested> largest = new LinkedHashMap<>();
        for (JobRequested job : jobs) {
            if (job.batchSize() != null) {
                largest.merge(job.tenantId() + "\n" + job.batchId(), job,
                        (a, b) -> a.batchSize() >= b.batchSize() ? a : b);
            }
        }
        if (largest.isEmpty()) {
            return;
        }
        // In one order, so that two transactions on the same batches never wait on each other's rows.
        List<SqlParameterSource> rows = largest.values().stream()
                .sorted(Comparator.comparing(JobRequested::batchId).thenComparing(JobRequested::tenantId))
                .map(job -> (SqlParameterSource) new MapSqlParameterSource()
                        .addValue("batchId", job.batchId())
                        .addValue("tenantId", job.tenantId())
                        .addValue("declared", job.batchSize())
                        .addValue("now", timestamp(now)))
                .toList();
        jdbc.batchUpdate("""
                        INSERT INTO batches (batch_id, tenant_id, declared_jobs, first_seen_at)
                        VALUES (:batchId, :tenantId, :declared, :now)
                        ON CONFLICT (batch_id, tenant_id) DO UPDATE SET declared_jobs = EXCLUDED.declared_jobs
                        WHERE batches.declared_jobs < EXCLUDED.declared_jobs
                        """, rows.toArray(SqlParameterSource[]::new));
    }
}
