package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.VendorCall;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Each attempt's duplicates, summed onto its row for the spend a budget is held to ({@code SpendQueries}). A call
     * once a duplicate stays one (rows are only added, and an attempt's billed report never changes once set), so the
     * sum only grows; the guard leaves unchanged rows unwritten.
     */
    private static final String DUPLICATES = """
            WITH figures AS (SELECT a.job_id, a.attempt, coalesce(sum(c.cost_usd), 0) AS known,
                                    count(*) FILTER (WHERE c.cost_usd IS NULL) AS unpriced
                             FROM attempts a
                             JOIN vendor_calls c ON c.job_id = a.job_id AND c.attempt = a.attempt AND %s
                             WHERE (a.job_id, a.attempt) IN (:attempts)
                             GROUP BY a.job_id, a.attempt)
            UPDATE attempts a SET duplicate_calls_cost_usd = f.known, unpriced_duplicate_calls = f.unpriced
            FROM figures f
            WHERE a.job_id = f.job_id AND a.attempt = f.attempt
              AND (a.duplicate_calls_cost_usd, a.unpriced_duplicate_calls) IS DISTINCT FROM (f.known, f.unpriced)
            """.formatted(DUPLICATE);

    private final NamedParameterJdbcOperations jdbc;

    CallRecords(NamedParameterJdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the calls each result reports that no earlier report did (an earlier one in the list included), then
     * the duplicates of the attempts that may have some. Runs after {@link AttemptRecords#record}, in its
     * transaction, so each attempt row names the report it bills.
     *
     * @param billed per result, whether its attempt bills it ({@link AttemptRecords#record})
     */
    void record(List<AttemptResult> results, boolean[] billed, Instant now) {
        List<SqlParameterSource> rows = new ArrayList<>();
        Map<String, Object[]> attempts = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            AttemptResult result = results.get(i);
            for (VendorCall call : result.calls()) {
                rows.add(columns(result, call, now));
            }
            if (mayHaveDuplicates(result, billed[i])) {
                attempts.putIfAbsent(result.jobId() + "/" + result.attempt(),
                        new Object[] {result.jobId(), result.attempt()});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, rows.toArray(SqlParameterSource[]::new));
        if (!attempts.isEmpty()) {
            jdbc.update(DUPLICATES, new MapSqlParameterSource("attempts", List.copyOf(attempts.values())));
        }
    }

    /**
     * Whether a report can make its attempt's calls cost more than the attempt bills. A report that bills its attempt
     * with one answered call cannot (the call is the attempt's answer), and that is nearly every report, so the
     * duplicates statement runs only for the few that lost a call, made several, or came after the billed one.
     */
    static boolean mayHaveDuplicates(AttemptResult result, boolean billed) {
        if (result.calls().isEmpty()) {
            return false;
        }
        return !billed || result.calls().size() > 1
                || result.calls().get(0).outcome() != VendorCall.Outcome.ANSWERED;
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
