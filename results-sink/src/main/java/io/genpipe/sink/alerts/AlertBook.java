package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.AlertCleared;
import io.genpipe.contracts.event.AlertEvent;
import io.genpipe.contracts.event.AlertRaised;
import io.genpipe.contracts.event.AlertRule;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alerts table: each rule's state per subject, kept in the database so that it survives a restart and every sink
 * instance shares it. {@link Crossing} decides a step; each step is one statement guarded so that only one instance
 * (or thread) can take it: an alert opens by an insert the partial unique index {@code alerts_open} lets through once,
 * and is raised, cleared or forgotten by an update of the row still in the state it was read in. Whoever takes a raise
 * counts it ({@code genpipe.sink.alerts{rule,scope}}).
 *
 * <p>The table is also the outbox of {@code genpipe.alerts.v1}: {@link #publishPending()} sends what was raised or
 * cleared and not yet sent, and marks it; a send that fails is tried again on the next call, with the same event id
 * (derived from the alert id), so a reader can recognise a repeat.
 */
@Component
class AlertBook {

    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private final JdbcClient jdbc;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final AtomicLong firing = new AtomicLong();

    AlertBook(JdbcClient jdbc, EventPublisher publisher, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.meters = meters;
        Gauge.builder("genpipe.sink.alerts.firing", firing, AtomicLong::get)
                .description("alerts raised and not cleared (as of the last evaluation)").register(meters);
    }

    /** Applies a verdict to one subject's alert, taking the step {@link Crossing} says. */
    void apply(AlertCheck check, Verdict verdict, Instant now) {
        AlertState state = state(check.rule(), check.subject());
        Crossing.Step step = Crossing.next(state, verdict, now, check.sustain());
        if (step instanceof Crossing.Open open) {
            Verdict.Breached breached = (Verdict.Breached) verdict;
            open(check, breached, now, open.raised());
        } else if (step instanceof Crossing.Raise) {
            AlertState.Pending pending = (AlertState.Pending) state;
            Verdict.Breached breached = (Verdict.Breached) verdict;
            long secondsDown = Duration.between(pending.since(), now).toSeconds();
            // A sustained rule's figure is how long it has held: the primary provider down for 312 s.
            int raised = jdbc.sql("""
                            UPDATE alerts SET raised_at = :now, observed = :observed, message = :message
                            WHERE alert_id = :id AND raised_at IS NULL AND cleared_at IS NULL
                            """)
                    .param("now", Timestamp.from(now)).param("observed", BigDecimal.valueOf(secondsDown))
                    .param("message", breached.message() + ", for " + Rules.text(Duration.ofSeconds(secondsDown)))
                    .param("id", pending.alertId()).update();
            if (raised == 1) {
                count(check);
            }
        } else if (step instanceof Crossing.Clear) {
            Verdict.Within within = (Verdict.Within) verdict;
            clear(((AlertState.Firing) state).alertId(), within.observed(), within.message(), now);
        } else if (step instanceof Crossing.Forget) {
            jdbc.sql("DELETE FROM alerts WHERE alert_id = :id AND raised_at IS NULL")
                    .param("id", ((AlertState.Pending) state).alertId()).update();
        }
    }

    /** Clears a raised alert whatever its rule says now: its budget was removed, or its period ended. */
    void clear(UUID alertId, BigDecimal observed, String message, Instant now) {
        jdbc.sql("""
                        UPDATE alerts SET cleared_at = :now, cleared_observed = :observed, cleared_message = :message
                        WHERE alert_id = :id AND cleared_at IS NULL AND raised_at IS NOT NULL
                        """)
                .param("now", Timestamp.from(now)).param("observed", observed).param("message", message)
                .param("id", alertId).update();
    }

    /** A budget alert raised and not cleared; {@code threshold} is its fraction of the budget. */
    record OpenBudgetAlert(UUID alertId, String subject, String scope, BudgetPeriod period, LocalDate periodStart,
                           BigDecimal threshold) {
    }

    List<OpenBudgetAlert> openBudgetAlerts() {
        return jdbc.sql("""
                        SELECT alert_id, subject, scope, period, period_start, threshold FROM alerts
                        WHERE rule = 'budget' AND cleared_at IS NULL AND raised_at IS NOT NULL
                        """)
                .query((rs, n) -> new OpenBudgetAlert(rs.getObject("alert_id", UUID.class), rs.getString("subject"),
                        rs.getString("scope"), BudgetPeriod.fromWireName(rs.getString("period")).orElseThrow(),
                        rs.getDate("period_start").toLocalDate(), rs.getBigDecimal("threshold")))
                .list();
    }

    /** An open alert of one rule: raised, or pending until its sustain time has passed. */
    record OpenAlert(UUID alertId, String subject, boolean raised) {
    }

    /** The rule's open alerts (the {@code alerts_open} index holds at most one per subject). */
    List<OpenAlert> openAlerts(AlertRule rule) {
        return jdbc.sql("SELECT alert_id, subject, raised_at FROM alerts WHERE rule = :rule AND cleared_at IS NULL")
                .param("rule", rule.wireName())
                .query((rs, n) -> new OpenAlert(rs.getObject("alert_id", UUID.class), rs.getString("subject"),
                        rs.getTimestamp("raised_at") != null))
                .list();
    }

    /**
     * Closes an open alert that no rule in force judges any more (its rule switched off, its subject no longer the
     * primary provider): a raised one is cleared with {@code message}, a pending one forgotten, untold. Without this
     * it would stay open for good, since nothing evaluates it again.
     */
    void retire(OpenAlert alert, String message, Instant now) {
        if (alert.raised()) {
            clear(alert.alertId(), null, message, now);
        } else {
            jdbc.sql("DELETE FROM alerts WHERE alert_id = :id AND raised_at IS NULL")
                    .param("id", alert.alertId()).update();
        }
    }

    /** Counts the alerts firing now for the gauge. */
    void refreshFiring() {
        firing.set(jdbc.sql("SELECT count(*) FROM alerts WHERE raised_at IS NOT NULL AND cleared_at IS NULL")
                .query(Long.class).single());
    }

    /**
     * Sends every raise and clearing not yet sent, oldest first, each awaited before it is marked. Stops at the first
     * that fails (the broker is away); the next call goes on from there.
     */
    synchronized void publishPending() {
        List<AlertRow> rows = jdbc.sql("""
                        SELECT * FROM alerts
                        WHERE (raised_at IS NOT NULL AND NOT raise_published)
                           OR (cleared_at IS NOT NULL AND NOT clear_published)
                        ORDER BY raised_at LIMIT 500
                        """)
                .query((rs, n) -> AlertRow.of(rs)).list();
        for (AlertRow row : rows) {
            try {
                if (!row.raisePublished()) {
                    send(row.raised());
                    jdbc.sql("UPDATE alerts SET raise_published = true WHERE alert_id = :id")
                            .param("id", row.alertId()).update();
                }
                if (row.clearedAt() != null) {
                    send(row.cleared());
                    jdbc.sql("UPDATE alerts SET clear_published = true WHERE alert_id = :id")
                            .param("id", row.alertId()).update();
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("alert {} {} not published yet ({}); tried again at the next evaluation", row.rule(),
                        row.subject(), e.toString());
                return;
            }
        }
    }

    private void send(AlertEvent event) throws Exception {
        publisher.publish(Topics.ALERTS, event.key(), event).get(10, TimeUnit.SECONDS);
    }

    private void open(AlertCheck check, Verdict.Breached breached, Instant now, boolean raised) {
        int opened = jdbc.sql("""
                        INSERT INTO alerts (alert_id, rule, subject, scope, period, period_start, threshold, observed,
                                            window_seconds, sample, message, breached_since, raised_at)
                        VALUES (:id, :rule, :subject, :scope, :period, :periodStart, :threshold, :observed,
                                :window, :sample, :message, :now, :raisedAt)
                        ON CONFLICT (rule, subject) WHERE cleared_at IS NULL DO NOTHING
                        """)
                .param("id", UUID.randomUUID())
                .param("rule", check.rule().wireName())
                .param("subject", check.subject())
                .param("scope", check.scope())
                .param("period", check.period() == null ? null : check.period().wireName())
                .param("periodStart", check.periodStart() == null ? null : Date.valueOf(check.periodStart()))
                .param("threshold", check.threshold())
                .param("observed", breached.observed())
                .param("window", check.window() == null ? null : check.window().toSeconds())
                .param("sample", breached.sample())
                .param("message", breached.message())
                .param("now", Timestamp.from(now))
                .param("raisedAt", raised ? Timestamp.from(now) : null)
                .update();
        if (opened == 1 && raised) {
            count(check);
        }
    }

    private void count(AlertCheck check) {
        meters.counter("genpipe.sink.alerts", "rule", check.rule().wireName(), "scope", check.scope()).increment();
        log.info("alert raised: {} {}", check.rule().wireName(), check.subject());
    }

    private AlertState state(AlertRule rule, String subject) {
        return jdbc.sql("SELECT alert_id, breached_since, raised_at FROM alerts"
                        + " WHERE rule = :rule AND subject = :subject AND cleared_at IS NULL")
                .param("rule", rule.wireName()).param("subject", subject)
                .query((rs, n) -> {
                    UUID id = rs.getObject("alert_id", UUID.class);
                    Timestamp raisedAt = rs.getTimestamp("raised_at");
                    return raisedAt == null
                            ? (AlertState) new AlertState.Pending(id, rs.getTimestamp("breached_since").toInstant())
                            : new AlertState.Firing(id, raisedAt.toInstant());
                })
                .optional().orElseGet(AlertState.Quiet::new);
    }

    /** A row of the table, as the outbox and {@code GET /v1/alerts} read it. */
    record AlertRow(UUID alertId, AlertRule rule, String subject, String scope, BudgetPeriod period,
                    LocalDate periodStart, BigDecimal threshold, BigDecimal observed, Duration window, Long sample,
                    String message, Instant raisedAt, Instant clearedAt, BigDecimal clearedObserved,
                    String clearedMessage, boolean raisePublished) {

        static AlertRow of(ResultSet rs) throws SQLException {
            Date start = rs.getDate("period_start");
            Timestamp cleared = rs.getTimestamp("cleared_at");
            long window = rs.getLong("window_seconds");
            boolean noWindow = rs.wasNull();
            long sample = rs.getLong("sample");
            boolean noSample = rs.wasNull();
            String period = rs.getString("period");
            return new AlertRow(rs.getObject("alert_id", UUID.class),
                    AlertRule.fromWireName(rs.getString("rule")).orElseThrow(), rs.getString("subject"),
                    rs.getString("scope"), period == null ? null : BudgetPeriod.fromWireName(period).orElseThrow(),
                    start == null ? null : start.toLocalDate(), strip(rs.getBigDecimal("threshold")),
                    strip(rs.getBigDecimal("observed")), noWindow ? null : Duration.ofSeconds(window),
                    noSample ? null : sample, rs.getString("message"), rs.getTimestamp("raised_at").toInstant(),
                    cleared == null ? null : cleared.toInstant(), strip(rs.getBigDecimal("cleared_observed")),
                    rs.getString("cleared_message"), rs.getBoolean("raise_published"));
        }

        AlertRaised raised() {
            return new AlertRaised(GenpipeEvent.SCHEMA_VERSION, eventId("raised"), raisedAt, alertId.toString(), rule,
                    scope, period, periodStart, threshold, observed, window, sample, message);
        }

        AlertCleared cleared() {
            return new AlertCleared(GenpipeEvent.SCHEMA_VERSION, eventId("cleared"), clearedAt, alertId.toString(),
                    rule, scope, period, periodStart, raisedAt, clearedObserved, clearedMessage);
        }

        private String eventId(String what) {
            return UUID.nameUUIDFromBytes((alertId + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
        }

        private static BigDecimal strip(BigDecimal value) {
            if (value == null) {
                return null;
            }
            BigDecimal stripped = value.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
    }
}
