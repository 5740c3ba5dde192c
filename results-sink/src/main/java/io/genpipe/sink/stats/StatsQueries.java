package io.genpipe.sink.stats;

import io.genpipe.contracts.catalog.Usd;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Provider figures over a window, in one statement: per provider and, by GROUPING SETS, for all of them together.
 * An attempt counts in the window its result was recorded for ({@code occurred_at}); attempts in flight do not.
 */
@Repository
class StatsQueries {

    private static final String STATS = """
            WITH finished AS (
                SELECT a.job_id, a.attempt, a.provider, a.status, a.cost_usd, a.latency_ms, j.makes_images,
                       CASE WHEN a.status = 'SUCCEEDED' THEN jsonb_array_length(j.images) ELSE 0 END AS images,
                       a.status = 'FAILED' AND EXISTS (SELECT 1 FROM attempts later
                                                       WHERE later.job_id = a.job_id AND later.attempt > a.attempt)
                           AS fell_back
                FROM attempts a JOIN jobs j USING (job_id)
                WHERE a.status <> 'DISPATCHED' AND a.occurred_at >= :from AND a.occurred_at < :to
                  AND (CAST(:tenantId AS text) IS NULL OR a.tenant_id = :tenantId)
            )
            SELECT provider, GROUPING(provider) AS is_total,
                   count(*) AS attempts, count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                   round(avg(latency_ms))::bigint AS average_latency_ms,
                   round(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms))::bigint AS p95_latency_ms,
                   sum(images) AS images, sum(cost_usd) AS cost_usd,
                   sum(cost_usd) FILTER (WHERE makes_images) AS image_cost_usd,
                   count(*) FILTER (WHERE cost_usd IS NULL) AS unknown_cost_attempts,
                   count(*) FILTER (WHERE fell_back) AS fell_back
            FROM finished
            GROUP BY GROUPING SETS ((provider), ())
            ORDER BY GROUPING(provider), provider
            """;

    private final JdbcClient jdbc;

    StatsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every tenant's attempts. */
    List<ProviderStats> stats(Instant from, Instant to) {
        return stats(from, to, null);
    }

    /** @param tenantId only this tenant's attempts; {@code null} for every tenant's */
    List<ProviderStats> stats(Instant from, Instant to, String tenantId) {
        List<ProviderStats> rows = jdbc.sql(STATS)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("tenantId", tenantId)
                .query((rs, n) -> row(rs))
                .list();
        // With no attempt at all, the grand total is still one row (of zeros): "all" is always there.
        return rows;
    }

    private static ProviderStats row(ResultSet rs) throws SQLException {
        long attempts = rs.getLong("attempts");
        long succeeded = rs.getLong("succeeded");
        long images = rs.getLong("images");
        BigDecimal cost = Usd.plainOrNull(rs.getBigDecimal("cost_usd"));
        // Per image: only what jobs that make images billed. A training's cost buys a model, not 0 images.
        BigDecimal imageCost = rs.getBigDecimal("image_cost_usd");
        BigDecimal perImage = imageCost == null || images == 0 ? null
                : Usd.plainOrNull(imageCost.divide(BigDecimal.valueOf(images), 8, RoundingMode.HALF_EVEN));
        return new ProviderStats(rs.getInt("is_total") == 1 ? "all" : rs.getString("provider"), attempts, succeeded,
                attempts == 0 ? null : ratio(succeeded, attempts),
                rs.getObject("average_latency_ms", Long.class), rs.getObject("p95_latency_ms", Long.class), images,
                cost, perImage, rs.getLong("unknown_cost_attempts"),
                attempts == 0 ? null : ratio(rs.getLong("fell_back"), attempts));
    }

    /** A share to four decimals: 0.9167. */
    private static double ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN).doubleValue();
    }
}
