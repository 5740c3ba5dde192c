package io.genpipe.contracts.event;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An alert crossed its threshold ({@link AlertEvent}). The units of {@code threshold} and {@code observed} are the
 * rule's ({@link AlertRule}).
 *
 * @param threshold the configured limit that was crossed
 * @param observed  what the sink saw when it crossed
 * @param window    the sliding window the figure covers; absent for budgets (their period says) and for the
 *                  primary provider (the threshold is the time down)
 * @param sample    how many attempts (images, for cost per image) the figure rests on; absent where not a count
 * @param message   in words, for a person: "fal: success rate 75% over the last 10m (15 of 20 attempts), under 90%"
 */
public record AlertRaised(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String alertId,
        AlertRule rule,
        String scope,
        BudgetPeriod period,
        LocalDate periodStart,
        BigDecimal threshold,
        BigDecimal observed,
        Duration window,
        Long sample,
        String message) implements AlertEvent {

    public AlertRaised {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        AlertEvent.check(alertId, rule, scope, period, periodStart);
        Require.present(threshold, "threshold");
        Require.present(observed, "observed");
        if (sample != null) {
            Require.notNegative(sample, "sample");
        }
        Require.text(message, "message");
    }
}
