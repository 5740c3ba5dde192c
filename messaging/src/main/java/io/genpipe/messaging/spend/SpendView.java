package io.genpipe.messaging.spend;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each provider and tenant has spent in the current UTC day and month, and the budget set for it, as the results
 * sink last published it on {@code genpipe.spend.v1}: the sink records what the vendors bill, so its figures are the
 * ones budgets are held to. A scope with no snapshot for a period has no budget the sink knows of for it.
 */
public class SpendView {

    private final Map<String, SpendSnapshot> byKey = new ConcurrentHashMap<>();

    /** Keeps the later of two snapshots of a key: a replay of the compacted topic may bring an older one. */
    public void record(SpendSnapshot snapshot) {
        byKey.merge(snapshot.key(), snapshot,
                (known, incoming) -> incoming.occurredAt().isBefore(known.occurredAt()) ? known : incoming);
    }

    public void forget(String key) {
        byKey.remove(key);
    }

    /** The scope's snapshot for the period that {@code now} falls in; empty when the sink published none. */
    public Optional<SpendSnapshot> current(SpendScope scope, String name, BudgetPeriod period, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return Optional.ofNullable(byKey.get(SpendSnapshot.key(scope, name, period, period.startOf(today))));
    }

    /** The scope's current snapshot for the period if it carries a budget. */
    public Optional<SpendSnapshot> budgeted(SpendScope scope, String name, BudgetPeriod period, Instant now) {
        return current(scope, name, period, now).filter(snapshot -> snapshot.budgetUsd() != null);
    }

    /** Whether the sink holds a budget for the scope in the current day or month. */
    public boolean hasBudget(SpendScope scope, String name, Instant now) {
        return budgeted(scope, name, BudgetPeriod.DAY, now).isPresent()
                || budgeted(scope, name, BudgetPeriod.MONTH, now).isPresent();
    }
}
