package io.genpipe.sink.budgets;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Writes {@code genpipe.sink.budgets} to the budgets table once the schema is migrated and before the listeners
 * start, so the first snapshots already carry the configured limits.
 */
@Component
class ConfiguredBudgets implements SmartInitializingSingleton {

    private final Budgets budgets;
    private final BudgetSettings settings;
    private final Clock clock;

    ConfiguredBudgets(Budgets budgets, BudgetSettings settings, Clock clock) {
        this.budgets = budgets;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        budgets.configure(settings.budgets(), clock.instant());
    }
}
