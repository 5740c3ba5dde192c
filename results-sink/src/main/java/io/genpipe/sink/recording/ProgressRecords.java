package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptProgressed;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.genpipe.sink.recording.JobRecords.timestamp;

/**
 * Writes the {@code job_progress} table: the latest progress of each job, from {@code genpipe.progress.v1}. One upsert
 * per event, in one JDBC batch and one transaction per list, that only replaces a row with a newer event: a later
 * attempt, else a later time, else (a tie) the greater event id. So a redelivery changes nothing, an older event that
 * arrives late never hides a newer one, and any order of a job's progress ends in the same row.
 *
 * <p>It touches no other table: progress does not carry the request, so it can neither create a job's row nor move
 * its status, and its transactions take no lock the other listeners take. What a job's status shows of it (only while
 * the job runs) is decided when it is read ({@code jobs.JobQueries}).
 */
@Repository
class ProgressRecords {

    /** Sorted by job, a job's events in their order: the same rows as one at a time, locks taken in one order. */
    private static final Comparator<AttemptProgressed> BY_JOB = Comparator.comparing(AttemptProgressed::jobId);

    private final NamedParameterJdbcOperations jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;

    ProgressRecords(NamedParameterJdbcOperations jdbc, TransactionOperations transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return how many of the events replaced what was recorded (a redelivered or older one does not) */
    int record(List<AttemptProgressed> events) {
        List<AttemptProgressed> sorted = new ArrayList<>(events);
        sorted.sort(BY_JOB); // stable
        Instant now = clock.instant();
        SqlParameterSource[] rows = sorted.stream().map(event -> columns(event, now))
                .toArray(SqlParameterSource[]::new);
        Integer written = transactions.execute(status -> {
            int changed = 0;
            for (int count : jdbc.batchUpdate("""
                    INSERT INTO job_progress (job_id, tenant_id, attempt, provider, model, status, percent, message,
                                              occurred_at, event_id, recorded_at)
                    VALUES (:jobId, :tenantId, :attempt, :provider, :model, :status, :percent, :message,
                            :occurredAt, :eventId, :now)
                    ON CONFLICT (job_id) DO UPDATE SET
                        tenant_id = EXCLUDED.tenant_id, attempt = EXCLUDED.attempt, provider = EXCLUDED.provider,
                        model = EXCLUDED.model, status = EXCLUDED.status, percent = EXCLUDED.percent,
                        message = EXCLUDED.message, occurred_at = EXCLUDED.occurred_at,
                        event_id = EXCLUDED.event_id, recorded_at = EXCLUDED.recorded_at
                    WHERE (EXCLUDED.attempt, EXCLUDED.occurred_at, EXCLUDED.event_id)
                        > (job_progress.attempt, job_progress.occurred_at, job_progress.event_id)
                    """, rows)) {
                changed += count;
            }
            return changed;
        });
        return written == null ? 0 : written;
    }

    private static SqlParameterSource columns(AttemptProgressed event, Instant now) {
        return new MapSqlParameterSource()
                .addValue("jobId", event.jobId())
                .addValue("tenantId", event.tenantId())
                .addValue("attempt", event.attempt())
                .addValue("provider", event.provider())
                .addValue("model", event.model())
                .addValue("status", event.status())
                .addValue("percent", event.percent())
                .addValue("message", event.message())
                .addValue("occurredAt", timestamp(event.occurredAt()))
                .addValue("eventId", event.eventId())
                .addValue("now", timestamp(now));
    }
}
