package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code budget_versions} table (V15) beside {@code budgets}: one row per version an admin made of one budget
 * (scope and name), never updated, so it is also the audit. What is in force stays in {@code budgets}, which the
 * snapshots and the alerts read; a change writes its version and that row in one transaction.
 *
 * <p>The primary key (scope, name, version) is the compare-and-set: a change is decided from the version it read and
 * inserted as the next one, so when two instances both read version 3, both insert 4 and the second insert fails
 * once the first commits ({@link VersionTaken}); no version is lost or made twice, and the budget row is the one
 * the version that won says.
 */
@Repository
class BudgetVersions {

    /** The newest version of the budget {@code k} names; none (NULLs) at version 0. */
    private static final String NEWEST = """
             LEFT JOIN LATERAL (SELECT version, changed_by, changed_at FROM budget_versions v
                                WHERE v.scope = k.scope AND v.name = k.name ORDER BY version DESC LIMIT 1) v ON true
            """;

    private final JdbcClient jdbc;
    private final Budgets budgets;
    private final TransactionTemplate transaction;

    BudgetVersions(JdbcClient jdbc, Budgets budgets, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** What a version did. */
    enum Action {
        /** {@code PUT}: an admin's limits. */
        UPDATED,
        /** {@code DELETE}: the admin's limits withdrawn; the configured budget, if any, in force again. */
        DELETED,
        /** {@code POST .../import}: an admin's limits, from a document. */
        IMPORTED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One version, as stored and as the audit shows it.
     *
     * @param before what was in force when it was decided; null for no budget
     * @param after  what it put in force; null for no budget
     */
    record Change(SpendScope scope, String name, long version, Action action, BudgetState before, BudgetState after,
                  String changedBy, Instant changedAt) {
    }

    /** One statement, so the budget and its version are read as of one moment. */
    BudgetInForce inForce(SpendScope scope, String name) {
        return jdbc.sql("SELECT k.scope, k.name, b.daily_usd, b.monthly_usd, b.source, v.version, v.changed_by,"
                        + " v.changed_at FROM (SELECT CAST(:scope AS text) AS scope, CAST(:name AS text) AS name) k"
                        + " LEFT JOIN budgets b ON b.scope = k.scope AND b.name = k.name" + NEWEST)
                .param("scope", scope.wireName()).param("name", name)
                .query((rs, n) -> inForce(rs)).single();
    }

    /** Every budget in force, sorted by scope and name. */
    List<BudgetInForce> allInForce() {
        return jdbc.sql("SELECT k.scope, k.name, k.daily_usd, k.monthly_usd, k.source, v.version, v.changed_by,"
                        + " v.changed_at FROM budgets k" + NEWEST + " ORDER BY k.scope, k.name")
                .query((rs, n) -> inForce(rs)).list();
    }

    /**
     * Stores the versions and puts what they say in force, all in one transaction: all of them or none.
     *
     * @throws VersionTaken when another change (through this instance or another) made one of these versions first
     */
    void apply(List<Change> changes) {
        // One order for every change, so two imports that claim the same budgets wait on each other, never deadlock.
        List<Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing((Change c) -> c.scope().wireName()).thenComparing(Change::name));
        try {
            transaction.executeWithoutResult(status -> {
                for (Change change : ordered) {
                    claim(change);
                    budgets.write(change.scope(), change.name(), change.after(), change.changedAt());
                }
            });
        } catch (DuplicateKeyException taken) {
            throw new VersionTaken();
        }
    }

    private void claim(Change change) {
        jdbc.sql("""
                        INSERT INTO budget_versions (scope, name, version, action, before_daily_usd,
                            before_monthly_usd, before_source, after_daily_usd, after_monthly_usd, after_source,
                            changed_by, changed_at)
                        VALUES (:scope, :name, :version, :action, :beforeDaily, :beforeMonthly, :beforeSource,
                            :afterDaily, :afterMonthly, :afterSource, :changedBy, :changedAt)
                        """)
                .param("scope", change.scope().wireName()).param("name", change.name())
                .param("version", change.version()).param("action", change.action().wireName())
                .param("beforeDaily", daily(change.before())).param("beforeMonthly", monthly(change.before()))
                .param("beforeSource", source(change.before()))
                .param("afterDaily", daily(change.after())).param("afterMonthly", monthly(change.after()))
                .param("afterSource", source(change.after()))
                .param("changedBy", change.changedBy()).param("changedAt", Timestamp.from(change.changedAt()))
                .update();
    }

    /**
     * The newest {@code limit} versions, newest first.
     *
     * @param scope null for both scopes
     * @param name  null for every name
     * @param since null for every version; else those made at or after it
     */
    List<Change> newestFirst(SpendScope scope, String name, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM budget_versions WHERE true");
        if (scope != null) {
            sql.append(" AND scope = :scope");
        }
        if (name != null) {
            sql.append(" AND name = :name");
        }
        if (since != null) {
            sql.append(" AND changed_at >= :since");
        }
        sql.append(" ORDER BY changed_at DESC, scope, name, version DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("limit", limit);
        if (scope != null) {
            statement = statement.param("scope", scope.wireName());
        }
        if (name != null) {
            statement = statement.param("name", name);
        }
        if (since != null) {
            statement = statement.param("since", Timestamp.from(since));
        }
        return statement.query((rs, n) -> change(rs)).list();
    }

    private static BudgetInForce inForce(ResultSet rs) throws SQLException {
        String source = rs.getString("source");
        Timestamp changedAt = rs.getTimestamp("changed_at");
        return new BudgetInForce(scope(rs.getString("scope")), rs.getString("name"),
                source == null ? null : new BudgetState(rs.getBigDecimal("daily_usd"), rs.getBigDecimal("monthly_usd"),
                        BudgetSource.ofColumn(source)),
                rs.getLong("version"), rs.getString("changed_by"), changedAt == null ? null : changedAt.toInstant());
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(scope(rs.getString("scope")), rs.getString("name"), rs.getLong("version"),
                Action.valueOf(rs.getString("action").toUpperCase(Locale.ROOT)),
                state(rs, "before_"), state(rs, "after_"), rs.getString("changed_by"),
                rs.getTimestamp("changed_at").toInstant());
    }

    private static BudgetState state(ResultSet rs, String prefix) throws SQLException {
        String source = rs.getString(prefix + "source");
        return source == null ? null : new BudgetState(rs.getBigDecimal(prefix + "daily_usd"),
                rs.getBigDecimal(prefix + "monthly_usd"), BudgetSource.ofColumn(source));
    }

    private static SpendScope scope(String wireName) {
        return SpendScope.fromWireName(wireName).orElseThrow();
    }

    private static BigDecimal daily(BudgetState state) {
        return state == null ? null : state.dailyUsd();
    }

    private static BigDecimal monthly(BudgetState state) {
        return state == null ? null : state.monthlyUsd();
    }

    private static String source(BudgetState state) {
        return state == null ? null : state.source().column();
    }

    /** Another change made one of these versions first: decide again from what is in force now. */
    static final class VersionTaken extends RuntimeException {

        VersionTaken() {
            super("a budget version was made by another change meanwhile");
        }
    }
}
