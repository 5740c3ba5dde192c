package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An alert raised earlier is no longer crossed: the figure came back (or, for a budget, the budget was raised or
 * removed). It carries the raise's {@code alertId}.
 *
 * @param raisedAt when the alert was raised
 * @param observed what the sink saw when it cleared; absent when there is no figure any more (a budget removed)
 * @param message  in words, for a person
 */
public record AlertCleared(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String alertId,
        AlertRule rule,
        String scope,
        BudgetPeriod period,
        LocalDate periodStart,
        Instant raisedAt,
        BigDecimal observed,
        String message) implements AlertEvent {

    public AlertCleared {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        AlertEvent.check(alertId, rule, scope, period, periodStart);
        Require.present(raisedAt, "raisedAt");
        Require.text(message, "message");
    }
}
