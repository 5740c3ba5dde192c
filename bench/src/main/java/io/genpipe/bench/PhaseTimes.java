package io.genpipe.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where a job's time went, read from the sink's own tables (the HTTP API does not show when an attempt was
 * reported): before the last attempt's vendor call started (router consumes the job, dispatches, the worker's
 * consumer picks it up, and any earlier attempts), the vendor call, and after it (the worker publishes the attempt,
 * the router consumes it and publishes the outcome). Milliseconds, p50 and p95.
 */
record PhaseTimes(double beforeVendorP50, double beforeVendorP95, double afterVendorP50, double afterVendorP95) {

    private static final String QUERY = """
            WITH last_attempt AS (
                SELECT DISTINCT ON (job_id) job_id, occurred_at, latency_ms
                FROM attempts
                WHERE batch_id LIKE ? AND event_id IS NOT NULL
                ORDER BY job_id, attempt DESC)
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY before_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY before_ms),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY after_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY after_ms)
            FROM (SELECT extract(epoch FROM a.occurred_at - j.requested_at) * 1000 - a.latency_ms AS before_ms,
                         extract(epoch FROM j.completed_at - a.occurred_at) * 1000 AS after_ms
                  FROM jobs j JOIN last_attempt a USING (job_id)
                  WHERE j.batch_id LIKE ? AND j.completed_at IS NOT NULL) phases
            """;

    /** @param batchPrefix the run's batch ids start with this */
    static PhaseTimes of(Connection database, String batchPrefix) throws SQLException {
        try (PreparedStatement query = database.prepareStatement(QUERY)) {
            query.setString(1, batchPrefix + "%");
            query.setString(2, batchPrefix + "%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new PhaseTimes(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4));
            }
        }
    }
}
