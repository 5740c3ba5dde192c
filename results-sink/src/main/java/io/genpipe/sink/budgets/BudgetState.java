package io.genpipe.sink.budgets;

import io.genpipe.contracts.catalog.Usd;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A budget's limits and where they come from: what a version of it put in force, and what was in force before it.
 * {@code null} where a budget is meant stands for none.
 *
 * @param dailyUsd   USD per UTC day; null for no daily limit
 * @param monthlyUsd USD per UTC month; null for no monthly limit
 */
record BudgetState(BigDecimal dailyUsd, BigDecimal monthlyUsd, BudgetSource source) {

    BudgetState {
        dailyUsd = Usd.plainOrNull(dailyUsd);
        monthlyUsd = Usd.plainOrNull(monthlyUsd);
        Objects.requireNonNull(source, "source");
    }

    static BudgetState of(BudgetSettings.Configured configured) {
        return new BudgetState(configured.daily(), configured.monthly(), BudgetSource.CONFIGURATION);
    }

    /** Whether both say the same amounts (8.50 is 8.5), wherever they come from. */
    boolean sameLimits(BigDecimal daily, BigDecimal monthly) {
        return same(dailyUsd, daily) && same(monthlyUsd, monthly);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
