package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendSnapshot;

import java.util.List;

/**
 * Told of the snapshots just published (after the costs they add up were committed): the budget alerts check their
 * thresholds here, so a crossing is seen with the transaction that made it, not up to a scheduler tick later.
 */
@FunctionalInterface
public interface SpendObserver {

    void observed(List<SpendSnapshot> snapshots);
}
