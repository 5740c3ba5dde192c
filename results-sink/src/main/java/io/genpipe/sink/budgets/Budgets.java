package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code budgets} table: a handful of rows, read whole. */
@Repository
public class Budgets {

    private final JdbcClient jdbc;

    Budgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every budget, sorted by scope and name. */
    public List<Budget> all() {
        return jdbc.sql("SELECT * FROM budgets ORDER BY scope, name").query((rs, n) -> row(rs)).list();
    }

    public Optional<Budget> find(SpendScope scope, String name) {
        return jdbc.sql("SELECT * FROM budgets WHERE scope = :scope AND name = :name")
                .param("scope", scope.wireName()).param("name", name)
                .query((rs, n) -> row(rs)).optional();
    }

    /**
     * Puts {@code state} in force for that scope and name ({@link BudgetVersions} does it with the version that says
     * so, in its transaction).
     *
     * @param state null to remove the budget
     */
    void write(SpendScope scope, String name, BudgetState state, Instant now) {
        if (state == null) {
            jdbc.sql("DELETE FROM budgets WHERE scope = :scope AND name = :name")
                    .param("scope", scope.wireName()).param("name", name).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO budgets (scope, name, daily_usd, monthly_usd, source, updated_at)
                        VALUES (:scope, :name, :daily, :monthly, :source, :now)
                        ON CONFLICT (scope, name) DO UPDATE SET daily_usd = EXCLUDED.daily_usd,
                            monthly_usd = EXCLUDED.monthly_usd, source = EXCLUDED.source,
                            updated_at = EXCLUDED.updated_at
                        """)
                .param("scope", scope.wireName()).param("name", name).param("daily", state.dailyUsd())
                .param("monthly", state.monthlyUsd()).param("source", state.source().column())
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Makes the configured budgets the table's, leaving those the admin API set: configured rows are written, and
     * configured rows no longer in the configuration are deleted. Every instance does it at start; they agree.
     */
    @Transactional
    void configure(List<BudgetSettings.Configured> configured, Instant now) {
        jdbc.sql("DELETE FROM budgets WHERE source = 'config'").update();
        for (BudgetSettings.Configured budget : configured) {
            jdbc.sql("""
                            INSERT INTO budgets (scope, name, daily_usd, monthly_usd, source, updated_at)
                            VALUES (:scope, :name, :daily, :monthly, 'config', :now)
                            ON CONFLICT (scope, name) DO NOTHING
                            """)
                    .param("scope", budget.scope().wireName()).param("name", budget.name())
                    .param("daily", budget.daily()).param("monthly", budget.monthly())
                    .param("now", Timestamp.from(now))
                    .update();
        }
    }

    private static Budget row(ResultSet rs) throws SQLException {
        return new Budget(SpendScope.fromWireName(rs.getString("scope")).orElseThrow(), rs.getString("name"),
                rs.getBigDecimal("daily_usd"), rs.getBigDecimal("monthly_usd"), rs.getString("source"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
