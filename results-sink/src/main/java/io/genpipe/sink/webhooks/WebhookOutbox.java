package io.genpipe.sink.webhooks;

import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.json.JsonSerde;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Adds each finished job's webhook delivery, in the transaction that records its outcome (so a crash leaves both or
 * neither). Only for a job whose callback is known, or whose request has not been seen yet (an outcome may come
 * first; the delivery then waits for the request to say whether there is a callback). One JDBC batch; a second
 * outcome of a job adds nothing.
 */
@Repository
public class WebhookOutbox {

    private final NamedParameterJdbcOperations jdbc;

    public WebhookOutbox(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** @param outcomes outcomes that are their jobs' (the first recorded of each), whose job rows this transaction holds */
    public void enqueue(List<JobOutcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                        INSERT INTO webhook_deliveries (job_id, delivery_id, event_id, callback_url, body, status,
                                                        created_at, next_attempt_at)
                        SELECT job_id, :deliveryId, :eventId, callback_url, :body,
                               CASE WHEN callback_url IS NULL THEN 'AWAITING_REQUEST' ELSE 'PENDING' END,
                               CAST(:now AS timestamptz),
                               CASE WHEN callback_url IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END
                        FROM jobs
                        WHERE job_id = :jobId AND (callback_url IS NOT NULL OR operation IS NULL)
                        ON CONFLICT (job_id) DO NOTHING
                        """,
                outcomes.stream().map(outcome -> new MapSqlParameterSource()
                        .addValue("jobId", outcome.jobId())
                        .addValue("deliveryId", UUID.randomUUID())
                        .addValue("eventId", outcome.eventId())
                        .addValue("body", JsonSerde.instance().writeString(outcome))
                        .addValue("now", now.atOffset(ZoneOffset.UTC))).toArray(SqlParameterSource[]::new));
    }
}
