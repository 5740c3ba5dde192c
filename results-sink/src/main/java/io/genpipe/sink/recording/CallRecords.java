package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.VendorCall;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.genpipe.sink.recording.JobRecords.timestamp;

/**
 * Writes the {@code vendor_calls} table: one row per vendor call, from the first report of its attempt that carries
 * it. Where {@link AttemptRecords} bills an attempt once whatever reports it, this table keeps a call made a second
 * time after a worker crash beside the first, since the vendor bills both:
 * <ul>
 *   <li>A redelivered report, or the journal's recorded result reported again, brings the same call ids: nothing
 *   changes.</li>
 *   <li>A worker that crashed after reporting and before journaling the result makes the call again and reports both
 *   calls: the first call keeps the first report's row, and the second call gets a row of its own.</li>
 * </ul>
 * A call is <em>a duplicate</em> when the vendor may bill it but the attempt's own cost does not hold it: a
 * {@code LOST} call, or an {@code ANSWERED} call of a report other than the one the attempt row billed
 * ({@code vendor_calls.event_id <> attempts.event_id}). {@link #DUPLICATE} says so in SQL, for the reports.
 */
@Repository
public class CallRecords {

    /** Over {@code vendor_calls c} joined to its attempt row {@code a}. */
    public static final String DUPLICATE = """
            (c.outcome = 'LOST' OR (c.outcome = 'ANSWERED' AND c.event_id IS DISTINCT FROM a.event_id))""";

    private static final String INSERT = """
            INSERT INTO vendor_calls (call_id, job_id, attempt, call_index, tenant_id, provider, model, first_image,
                                      vendor_request_id, instance, started_at, outcome, cost_usd, event_id, recorded_at)
            VALUES (:callId, :jobId, :attempt, :callIndex, :tenantId, :provider, :model, :firstImage,
                    :vendorRequestId, :instance, :startedAt, :outcome, :costUsd, :eventId, :now)
            ON CONFLICT (call_id) DO NOTHING
            """;

    private final NamedParameterJdbcOperations jdbc;

    CallRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the calls each result reports that no earlier report did (an earlier one in the list included). */
    void record(List<AttemptResult> results, Instant now) {
        List<SqlParameterSource> rows = new ArrayList<>();
        for (AttemptResult result : results) {
            for (VendorCall call : result.calls()) {
                rows.add(columns(result, call, now));
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static SqlParameterSource columns(AttemptResult result, VendorCall call, Instant now) {
        return new MapSqlParameterSource()
                .addValue("callId", call.callId())
                .addValue("jobId", result.jobId())
                .addValue("attempt", result.attempt())
                .addValue("callIndex", indexOf(call, result))
                .addValue("tenantId", result.job().tenantId())
                .addValue("provider", result.provider())
                .addValue("model", result.model())
                .addValue("firstImage", call.firstImage())
                .addValue("vendorRequestId", call.vendorRequestId())
                .addValue("instance", call.instance())
                .addValue("startedAt", timestamp(call.startedAt()))
                .addValue("outcome", call.outcome().name())
                .addValue("costUsd", call.costUsd())
                .addValue("eventId", result.eventId())
                .addValue("now", timestamp(now));
    }

    /** The n of {@code jobId/attempt/n}; a call id of another shape sorts by its place in the report. */
    private static int indexOf(VendorCall call, AttemptResult result) {
        String prefix = result.jobId() + "/" + result.attempt() + "/";
        if (call.callId().startsWith(prefix)) {
            try {
                return Integer.parseInt(call.callId().substring(prefix.length()));
            } catch (NumberFormatException notOurs) {
                // fall through
            }
        }
        return result.calls().indexOf(call);
    }
}
