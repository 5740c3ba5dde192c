package io.genpipe.sink.alerts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The figures of seed 001's window rules, per provider and for all together, in one statement per window: the same
 * definitions as {@code GET /v1/stats} (an attempt counts in the window its result was recorded for; attempts in
 * flight do not; images from the jobs' outcomes). The costs are those of jobs that make images
 * ({@code jobs.makes_images}), for the cost-per-image rule, the only one that reads them: a training's would be
 * divided by images it never made. The {@code billed_on} bound lets the day index narrow the scan to
 * the window's days.
 */
@Repository
class WindowQueries {

    private static final String FIGURES = """
            SELECT a.provider, GROUPING(a.provider) AS is_total, count(*) AS attempts,
                   count(*) FILTER (WHERE a.status = 'SUCCEEDED') AS succeeded,
                   round(avg(a.latency_ms))::bigint AS average_latency_ms,
                   coalesce(sum(a.cost_usd) FILTER (WHERE j.makes_images), 0) AS known_cost,
                   count(*) FILTER (WHERE a.cost_usd IS NULL AND j.makes_images)
                       + coalesce(sum(a.lost_calls) FILTER (WHERE j.makes_images), 0) AS unknown_cost,
                   coalesce(sum(CASE WHEN a.status = 'SUCCEEDED' THEN jsonb_array_length(j.images) ELSE 0 END), 0)
                       AS images
            FROM attempts a JOIN jobs j USING (job_id)
            WHERE a.status <> 'DISPATCHED' AND a.billed_on >= :fromDay
              AND a.occurred_at >= :from AND a.occurred_at < :to
            GROUP BY GROUPING SETS ((a.provider), ())
            """;

    private final JdbcClient jdbc;

    WindowQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Each provider with attempts in the window, then {@code all} (present even with none). */
    List<Rules.WindowFigures> figures(Duration window, Instant now) {
        Instant from = now.minus(window);
        return jdbc.sql(FIGURES)
                .param("fromDay", Date.valueOf(LocalDate.ofInstant(from, ZoneOffset.UTC)))
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(now))
                .query((rs, n) -> new Rules.WindowFigures(
                        rs.getInt("is_total") == 1 ? "all" : "provider:" + rs.getString("provider"), window,
                        rs.getLong("attempts"), rs.getLong("succeeded"),
                        rs.getObject("average_latency_ms", Long.class), rs.getBigDecimal("known_cost"),
                        rs.getLong("unknown_cost"), rs.getLong("images")))
                .list();
    }
}
