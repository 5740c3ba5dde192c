package io.genpipe.sink.costs;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.sink.recording.CallRecords;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

/**
 * Spend from the attempts table, with their vendor calls beside, one statement per report. Attempts in flight (DISPATCHED) have billed nothing yet
 * and are left out. The day and tenant indexes ({@code attempts_spend_by_day}, {@code attempts_spend_by_tenant})
 * serve the range.
 */
@Repository
class CostQueries {

    /** An attempt's vendor calls ({@code vendor_calls}), counted; its row {@code a} in scope. */
    private static final String CALLS = """
            SELECT count(*) FILTER (WHERE c.outcome <> 'RETRIED') AS billable,
                   count(*) FILTER (WHERE %1$s) AS duplicates,
                   sum(c.cost_usd) FILTER (WHERE %1$s) AS duplicates_cost,
                   count(*) FILTER (WHERE %1$s AND c.cost_usd IS NULL) AS unpriced_duplicates
            FROM vendor_calls c
            WHERE c.job_id = a.job_id AND c.attempt = a.attempt
            """.formatted(CallRecords.DUPLICATE);

    private final JdbcClient jdbc;

    CostQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    CostReport report(LocalDate from, LocalDate to, CostGrouping grouping, String tenantId) {
        String sql = "SELECT " + grouping.columns() + """
                , count(*) AS attempts, count(*) FILTER (WHERE status = 'FAILED') AS failed_attempts,
                  sum(cost_usd) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unknown_cost_attempts,
                  coalesce(sum(lost_calls), 0) AS lost_vendor_calls,
                  sum(lost_calls_cost_usd) AS lost_calls_cost_usd,
                  coalesce(sum(lost_calls) FILTER (WHERE lost_calls_cost_usd IS NULL), 0) AS unpriced_lost_calls,
                  coalesce(sum(vc.billable), 0) AS billable_calls, coalesce(sum(vc.duplicates), 0) AS duplicate_calls,
                  sum(vc.duplicates_cost) AS duplicate_calls_cost_usd,
                  coalesce(sum(vc.unpriced_duplicates), 0) AS unpriced_duplicate_calls
                FROM attempts a LEFT JOIN LATERAL (""" + CALLS + """
                ) vc ON true
                WHERE status <> 'DISPATCHED' AND billed_on BETWEEN :from AND :to
                  AND (CAST(:tenantId AS text) IS NULL OR tenant_id = :tenantId)
                """ + " GROUP BY " + grouping.groupBy() + " ORDER BY " + grouping.groupBy();
        List<CostReport.Group> groups = jdbc.sql(sql)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .param("tenantId", tenantId)
                .query((rs, n) -> {
                    Date day = rs.getDate("billed_on");
                    return new CostReport.Group(rs.getString("provider"), rs.getString("model"),
                            rs.getString("tenant_id"), day == null ? null : day.toLocalDate(),
                            rs.getString("operation"),
                            Usd.plainOrNull(rs.getBigDecimal("cost_usd")), rs.getLong("attempts"),
                            rs.getLong("failed_attempts"), rs.getLong("unknown_cost_attempts"),
                            rs.getLong("lost_vendor_calls"), Usd.plainOrNull(rs.getBigDecimal("lost_calls_cost_usd")),
                            rs.getLong("unpriced_lost_calls"),
                            new CostReport.VendorCalls(rs.getLong("billable_calls"), rs.getLong("duplicate_calls"),
                                    Usd.plainOrNull(rs.getBigDecimal("duplicate_calls_cost_usd")),
                                    rs.getLong("unpriced_duplicate_calls")));
                })
                .list();
        return CostReport.of(from, to, grouping, tenantId, groups);
    }
}
