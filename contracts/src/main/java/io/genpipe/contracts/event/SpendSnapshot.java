package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.json.MessageFormatException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What one provider or tenant has spent in one UTC day or month so far, as the results sink has recorded it, on
 * {@code genpipe.spend.v1} (compacted, key {@link #key()}: {@code tenant:studio-north/day:2026-12-01}). The sink
 * publishes one after each of its transactions that recorded costs for the scope, once the database holds them;
 * routers and the ingress enforce budgets from the latest.
 *
 * <p>Spend is what the vendors bill: every attempt's cost, plus each vendor call a worker crash made twice (a call whose
 * answer was lost, at the price of what it asked; a call made again). A missing price is never $0: {@code spentUsd}
 * sums the costs that are known, and {@code unknownCostCalls} counts the others (attempts whose cost the catalog could
 * not compute, and duplicate calls it could not price). While it is above 0, {@code spentUsd} is a lower bound.
 *
 * <p>The event id is derived from what the snapshot says (scope, period and figures, not its time): the same spend
 * published twice, by a replay or by two sink instances, carries the same id.
 *
 * @param periodStart      the period's first day (the first of the month for {@link BudgetPeriod#MONTH})
 * @param spentUsd         the known cost of the period's attempts, failed ones included, and of their duplicate calls
 * @param unknownCostCalls attempts with an unknown cost, plus duplicate vendor calls of unknown price
 * @param budgetUsd        the budget set for this scope and period; absent when none is
 */
public record SpendSnapshot(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        SpendScope scope,
        String name,
        BudgetPeriod period,
        LocalDate periodStart,
        BigDecimal spentUsd,
        long unknownCostCalls,
        BigDecimal budgetUsd) implements GenpipeEvent {

    public SpendSnapshot {
        Require.knownVersion(schemaVersion);
        Require.text(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(scope, "scope");
        Require.text(name, "name");
        Require.present(period, "period");
        Require.present(periodStart, "periodStart");
        if (!period.isStart(periodStart)) {
            throw MessageFormatException.invalid("periodStart",
                    "must be the first day of the " + period.wireName() + ", was " + periodStart);
        }
        spentUsd = Usd.plainOrNull(Require.notNegative(Require.present(spentUsd, "spentUsd"), "spentUsd"));
        Require.notNegative(unknownCostCalls, "unknownCostCalls");
        if (budgetUsd != null && budgetUsd.signum() <= 0) {
            throw MessageFormatException.invalid("budgetUsd", "must be above 0, was " + budgetUsd.toPlainString());
        }
        budgetUsd = Usd.plainOrNull(budgetUsd);
    }

    /** A snapshot whose event id is derived from what it says. */
    public static SpendSnapshot of(SpendScope scope, String name, BudgetPeriod period, LocalDate periodStart,
                                   BigDecimal spentUsd, long unknownCostCalls, BigDecimal budgetUsd,
                                   Instant occurredAt) {
        String content = key(scope, name, period, periodStart) + "|" + Usd.plainOrNull(spentUsd).toPlainString() + "|"
                + unknownCostCalls + "|" + (budgetUsd == null ? "" : Usd.plainOrNull(budgetUsd).toPlainString());
        String eventId = UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8)).toString();
        return new SpendSnapshot(GenpipeEvent.SCHEMA_VERSION, eventId, occurredAt, scope, name, period, periodStart,
                spentUsd, unknownCostCalls, budgetUsd);
    }

    /** The record key on {@code genpipe.spend.v1}: scope and period, so the topic keeps the latest of each. */
    public static String key(SpendScope scope, String name, BudgetPeriod period, LocalDate periodStart) {
        return scope.wireName() + ":" + name + "/" + period.wireName() + ":" + periodStart;
    }

    @JsonIgnore
    public String key() {
        return key(scope, name, period, periodStart);
    }

    /** Spend over the budget as a fraction (1 is the whole budget); absent without a budget. */
    @JsonIgnore
    public BigDecimal fractionOfBudget() {
        return budgetUsd == null ? null : spentUsd.divide(budgetUsd, 6, RoundingMode.HALF_EVEN);
    }
}
