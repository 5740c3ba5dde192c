package io.genpipe.sink.experiments;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The {@code ratings} table: one rating per job, replaced when the person changes their mind. */
@Repository
class Ratings {

    private final JdbcClient jdbc;

    Ratings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The job's status, or empty when the sink has no record of the job for the tenant.
     *
     * @param tenantId only a job of this tenant; {@code null} for any tenant's
     */
    Optional<String> jobStatus(String jobId, String tenantId) {
        return jdbc.sql("SELECT status FROM jobs WHERE job_id = :jobId"
                        + " AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)")
                .param("jobId", jobId).param("tenantId", tenantId)
                .query(String.class).optional();
    }

    /** Records the rating (a second one replaces the first) and returns it as stored. */
    RatedJob rate(String jobId, Rating rating, Instant now) {
        return jdbc.sql("""
                        INSERT INTO ratings (job_id, rating, rated_at) VALUES (:jobId, :rating, :now)
                        ON CONFLICT (job_id) DO UPDATE SET
                            rating   = EXCLUDED.rating,
                            rated_at = EXCLUDED.rated_at,
                            changes  = ratings.changes + CASE WHEN ratings.rating = EXCLUDED.rating THEN 0 ELSE 1 END
                        RETURNING rating, rated_at, changes
                        """)
                .param("jobId", jobId)
                .param("rating", rating.wireName())
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new RatedJob(jobId, Rating.fromWireName(rs.getString("rating")).orElseThrow(),
                        rs.getTimestamp("rated_at").toInstant(), rs.getInt("changes")))
                .single();
    }

    /**
     * @param changes how many times the rating changed after the first
     */
    record RatedJob(String jobId, Rating rating, Instant ratedAt, int changes) {
    }
}
