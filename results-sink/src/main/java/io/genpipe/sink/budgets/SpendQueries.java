package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spend of one provider or tenant over one UTC month, day by day, in one statement: every snapshot of a scope that a
 * transaction touched (its days and their month) comes from it. The {@code attempts_spend_by_provider} and
 * {@code attempts_spend_by_tenant} indexes serve the range. Attempts in flight (DISPATCHED) have billed nothing.
 * <p>
 * Spend is what the vendors bill: each attempt's cost, plus what its vendor calls cost beyond it (a call a worker
 * crash made twice: {@code duplicate_calls_cost_usd}, kept by the recorder). A price nobody knows is counted, never
 * summed as $0: an attempt of unknown cost, and each duplicate call of unknown price.
 */
@Repository
class SpendQueries {

    private final JdbcClient jdbc;

    SpendQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a scope spent in a period, or in one day of it. */
    record Spend(BigDecimal knownUsd, long unknownCostCalls) {

        static final Spend NONE = new Spend(BigDecimal.ZERO, 0);

        Spend plus(Spend other) {
            return new Spend(knownUsd.add(other.knownUsd), unknownCostCalls + other.unknownCostCalls);
        }
    }

    /** Day by day: the days with no attempt are absent. */
    Map<LocalDate, Spend> month(SpendScope scope, String name, LocalDate anyDayOfMonth) {
        LocalDate start = BudgetPeriod.MONTH.startOf(anyDayOfMonth);
        String column = scope == SpendScope.PROVIDER ? "provider" : "tenant_id"; // a closed set, never the request's
        Map<LocalDate, Spend> days = new TreeMap<>();
        jdbc.sql("SELECT billed_on, coalesce(sum(cost_usd), 0) + sum(duplicate_calls_cost_usd) AS known,"
                        + " count(*) FILTER (WHERE cost_usd IS NULL) + sum(unpriced_duplicate_calls) AS unknown"
                        + " FROM attempts WHERE " + column + " = :name AND billed_on BETWEEN :from AND :to"
                        + " AND status <> 'DISPATCHED' GROUP BY billed_on")
                .param("name", name)
                .param("from", Date.valueOf(start))
                .param("to", Date.valueOf(BudgetPeriod.MONTH.lastDay(start)))
                .query((rs, n) -> days.put(rs.getDate("billed_on").toLocalDate(),
                        new Spend(rs.getBigDecimal("known"), rs.getLong("unknown"))))
                .list();
        return days;
    }

    static Spend total(Map<LocalDate, Spend> days) {
        return days.values().stream().reduce(Spend.NONE, Spend::plus);
    }
}
