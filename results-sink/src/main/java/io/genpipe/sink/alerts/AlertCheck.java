package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.AlertRule;
import io.genpipe.contracts.event.BudgetPeriod;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;

/**
 * One rule applied to one subject: the unit of once-per-crossing.
 *
 * @param subject what the alert is about within its rule, unique among the rule's: the scope, and for a budget its
 *                period and threshold ({@code tenant:acme/day:2026-12-01/0.8}), so each threshold crosses on its own
 * @param window  the sliding window of a window rule; null otherwise
 * @param sustain how long the rule must stay breached before it fires (zero: at once)
 */
record AlertCheck(AlertRule rule, String subject, String scope, BudgetPeriod period, LocalDate periodStart,
                  BigDecimal threshold, Duration window, Duration sustain) {

    static AlertCheck window(AlertRule rule, String scope, BigDecimal threshold, Duration window) {
        return new AlertCheck(rule, scope, scope, null, null, threshold, window, Duration.ZERO);
    }

    static AlertCheck budget(String scope, BudgetPeriod period, LocalDate start, BigDecimal fraction) {
        return new AlertCheck(AlertRule.BUDGET, budgetSubject(scope, period, start, fraction), scope, period, start,
                fraction, null, Duration.ZERO);
    }

    static String budgetSubject(String scope, BudgetPeriod period, LocalDate start, BigDecimal fraction) {
        return scope + "/" + period.wireName() + ":" + start + "/" + fraction.stripTrailingZeros().toPlainString();
    }
}
