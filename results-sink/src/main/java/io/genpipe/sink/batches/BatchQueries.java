package io.genpipe.sink.batches;

import io.genpipe.contracts.catalog.Usd;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Batch statistics, computed by PostgreSQL from the jobs and attempts of the batch. */
@Repository
class BatchQueries {

    /*
     * One statement, so that the totals and the per-provider rows come from one snapshot. It returns one row
     * per provider (or a single row with a NULL provider when no attempt was made yet), each carrying the
     * batch's totals.
     */
    private static final String STATISTICS = """
            WITH batch_jobs AS (
                SELECT job_id, status, provider, requested_at, completed_at FROM jobs
                WHERE batch_id = :batchId AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
            ), batch_attempts AS (
                -- Finished attempts: one still in flight (DISPATCHED) has no result and no cost yet.
                SELECT job_id, provider, status, cost_usd FROM attempts
                WHERE batch_id = :batchId AND status <> 'DISPATCHED' AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
            ), declared AS (
                -- What the batch's jobs said it has (batches): jobs not recorded yet count as pending.
                SELECT coalesce(sum(declared_jobs), 0) AS jobs FROM batches
                WHERE batch_id = :batchId AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
            ), totals AS (
                SELECT greatest(count(*), (SELECT jobs FROM declared)) AS total,
                       count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                       count(*) FILTER (WHERE status = 'FAILED') AS failed,
                       round(avg(extract(EPOCH FROM completed_at - requested_at) * 1000)
                             FILTER (WHERE completed_at IS NOT NULL))::bigint AS average_duration_ms,
                       (SELECT coalesce(sum(cost_usd), 0) FROM batch_attempts) AS total_cost_usd,
                       (SELECT count(*) FILTER (WHERE cost_usd IS NULL) FROM batch_attempts) AS unknown_cost_attempts
                FROM batch_jobs
            ), attempts_by_provider AS (
                SELECT provider, count(*) AS attempts, count(*) FILTER (WHERE status = 'FAILED') AS failed_attempts,
                       sum(cost_usd) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unknown_cost_attempts
                FROM batch_attempts GROUP BY provider
            ), successes_by_provider AS (
                SELECT j.provider, count(*) AS succeeded,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM batch_attempts a
                                                      WHERE a.job_id = j.job_id AND a.status = 'FAILED')) AS after_fallback
                FROM batch_jobs j WHERE j.status = 'SUCCEEDED' GROUP BY j.provider
            ), by_provider AS (
                SELECT coalesce(a.provider, s.provider) AS provider,
                       coalesce(s.succeeded, 0) AS p_succeeded, coalesce(s.after_fallback, 0) AS p_after_fallback,
                       coalesce(a.attempts, 0) AS p_attempts, coalesce(a.failed_attempts, 0) AS p_failed_attempts,
                       coalesce(a.cost_usd, 0) AS p_cost_usd,
                       coalesce(a.unknown_cost_attempts, 0) AS p_unknown_cost_attempts
                FROM attempts_by_provider a FULL JOIN successes_by_provider s ON s.provider = a.provider
            )
            SELECT t.*, p.* FROM totals t LEFT JOIN by_provider p ON true
            ORDER BY p.provider
            """;

    private final JdbcClient jdbc;

    BatchQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Empty when no job of the batch has been recorded for the tenant.
     *
     * @param tenantId only this tenant's jobs of the batch; {@code null} for every tenant's (an admin's view)
     */
    Optional<BatchStatistics> find(String batchId, String tenantId) {
        List<Row> rows = jdbc.sql(STATISTICS).param("batchId", batchId).param("tenantId", tenantId).query((rs, n) -> Row.of(rs)).list();
        Row first = rows.get(0); // totals always make exactly one row, so the join makes at least one
        if (first.total() == 0) {
            return Optional.empty();
        }
        List<BatchStatistics.ProviderStatistics> byProvider = rows.stream()
                .map(Row::provider).filter(Objects::nonNull).toList();
        long pending = first.total() - first.succeeded() - first.failed();
        return Optional.of(new BatchStatistics(batchId, first.total(), first.succeeded(), first.failed(),
                pending, pending == 0, Usd.plainOrNull(first.totalCostUsd()), first.unknownCostAttempts(),
                first.averageDurationMs(), byProvider));
    }

    /** One row of the result: the batch's totals, and one provider's figures when there is one. */
    private record Row(long total, long succeeded, long failed, Long averageDurationMs, BigDecimal totalCostUsd,
                       long unknownCostAttempts, BatchStatistics.ProviderStatistics provider) {

        static Row of(ResultSet rs) throws SQLException {
            String name = rs.getString("provider");
            BatchStatistics.ProviderStatistics provider = name == null ? null
                    : new BatchStatistics.ProviderStatistics(name, rs.getLong("p_succeeded"),
                            rs.getLong("p_after_fallback"), rs.getLong("p_attempts"), rs.getLong("p_failed_attempts"),
                            Usd.plainOrNull(rs.getBigDecimal("p_cost_usd")), rs.getLong("p_unknown_cost_attempts"));
            return new Row(rs.getLong("total"), rs.getLong("succeeded"), rs.getLong("failed"),
                    rs.getObject("average_duration_ms", Long.class), rs.getBigDecimal("total_cost_usd"),
                    rs.getLong("unknown_cost_attempts"), provider);
        }
    }
}
