package io.genpipe.sink.webhooks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The {@code webhook_deliveries} table as the dispatcher uses it. Each statement stands alone (no transaction spans an
 * HTTP call): an attempt is claimed by moving its due time past the longest an attempt can take, so a sink instance
 * that dies mid-attempt only delays the delivery until that claim lapses.
 */
@Repository
class WebhookDeliveries {

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Due deliveries, oldest due first, each counted as one more attempt and claimed until {@code claimedUntil}.
     * {@code SKIP LOCKED}: instances polling at once take different deliveries, and none waits for another.
     */
    List<Delivery> claim(Instant now, int limit, Instant claimedUntil) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries d
                        SET attempts = d.attempts + 1, next_attempt_at = :claimedUntil, last_attempt_at = :now
                        FROM (SELECT job_id FROM webhook_deliveries
                              WHERE status = 'PENDING' AND next_attempt_at <= :now
                              ORDER BY next_attempt_at
                              LIMIT :limit
                              FOR UPDATE SKIP LOCKED) due
                        WHERE d.job_id = due.job_id
                        RETURNING d.job_id, d.delivery_id, d.event_id, d.callback_url, d.body, d.attempts, d.created_at,
                                  (SELECT j.trace_id FROM jobs j WHERE j.job_id = d.job_id) AS trace_id
                        """)
                .param("now", timestamp(now))
                .param("claimedUntil", timestamp(claimedUntil))
                .param("limit", limit)
                .query((rs, row) -> new Delivery(rs.getString("job_id"), rs.getObject("delivery_id", UUID.class),
                        rs.getString("event_id"), rs.getString("callback_url"), rs.getString("body"),
                        rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("trace_id")))
                .list();
    }

    void delivered(Delivery delivery, int status, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_deliveries
                        SET status = 'DELIVERED', delivered_at = :now, next_attempt_at = NULL, last_status = :status,
                            last_error = NULL
                        WHERE job_id = :jobId AND status = 'PENDING'
                        """)
                .param("jobId", delivery.jobId())
                .param("status", status)
                .param("now", timestamp(now))
                .update();
    }

    /** Tried again at {@code next}, unless another instance has taken the delivery over since (its claim lapsed). */
    void retryAt(Delivery delivery, Integer status, String error, Instant next) {
        jdbc.sql("""
                        UPDATE webhook_deliveries
                        SET next_attempt_at = :next, last_status = CAST(:status AS integer), last_error = :error
                        WHERE job_id = :jobId AND status = 'PENDING' AND attempts = :attempt
                        """)
                .param("jobId", delivery.jobId())
                .param("attempt", delivery.attempt())
                .param("status", status)
                .param("error", error)
                .param("next", timestamp(next))
                .update();
    }

    void gaveUp(Delivery delivery, Integer status, String error) {
        jdbc.sql("""
                        UPDATE webhook_deliveries
                        SET status = 'GAVE_UP', next_attempt_at = NULL, last_status = CAST(:status AS integer), last_error = :error
                        WHERE job_id = :jobId AND status = 'PENDING'
                        """)
                .param("jobId", delivery.jobId())
                .param("status", status)
                .param("error", error)
                .update();
    }

    /**
     * Deliveries whose outcome came before their request: due now once the request showed a callback, deleted once it
     * showed none (or when it never came within {@code maxAge}). Callback and operation are set together, so a
     * delivery is never deleted for a request recorded between the two statements.
     */
    void resolveAwaiting(Instant now, Instant oldest) {
        jdbc.sql("""
                        UPDATE webhook_deliveries d
                        SET callback_url = j.callback_url, status = 'PENDING', next_attempt_at = :now
                        FROM jobs j
                        WHERE d.status = 'AWAITING_REQUEST' AND j.job_id = d.job_id AND j.callback_url IS NOT NULL
                        """)
                .param("now", timestamp(now))
                .update();
        jdbc.sql("""
                        DELETE FROM webhook_deliveries d USING jobs j
                        WHERE d.status = 'AWAITING_REQUEST' AND j.job_id = d.job_id
                          AND ((j.operation IS NOT NULL AND j.callback_url IS NULL) OR d.created_at < :oldest)
                        """)
                .param("oldest", timestamp(oldest))
                .update();
    }

    /** Deliveries not yet delivered nor given up (claimed ones included). */
    long pending() {
        return jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE status = 'PENDING'")
                .query(Long.class).single();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
