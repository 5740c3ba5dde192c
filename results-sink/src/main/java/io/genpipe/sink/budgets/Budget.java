package io.genpipe.sink.budgets;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A budget of one provider or tenant: USD per UTC day and/or per UTC month.
 *
 * @param source {@code config} (genpipe.sink.budgets) or {@code admin} (the admin API)
 */
public record Budget(SpendScope scope, String name, BigDecimal dailyUsd, BigDecimal monthlyUsd, String source,
                     Instant updatedAt) {

    public static final String CONFIG = "config";
    public static final String ADMIN = "admin";

    public Budget {
        dailyUsd = Usd.plainOrNull(dailyUsd);
        monthlyUsd = Usd.plainOrNull(monthlyUsd);
    }

    /** The limit of that period, or null when this budget sets none. */
    public BigDecimal limit(BudgetPeriod period) {
        return period == BudgetPeriod.DAY ? dailyUsd : monthlyUsd;
    }

    /** What is wrong with a budget: the field at fault and why. */
    record Problem(String field, String detail) {
    }

    /** What is wrong with such a budget; empty when nothing is. */
    static Optional<Problem> check(SpendScope scope, String name, BigDecimal daily, BigDecimal monthly) {
        if (scope == null) {
            return Optional.of(new Problem("scope", "scope must be provider or tenant"));
        }
        if (name == null || name.isBlank()) {
            return Optional.of(new Problem("name", "name must not be blank"));
        }
        if (daily == null && monthly == null) {
            return Optional.of(new Problem("dailyUsd",
                    scope.wireName() + " " + name + " needs a daily or a monthly amount"));
        }
        if (daily != null && daily.signum() <= 0) {
            return Optional.of(new Problem("dailyUsd", "the daily amount must be above 0, was " + daily.toPlainString()));
        }
        if (monthly != null && monthly.signum() <= 0) {
            return Optional.of(new Problem("monthlyUsd",
                    "the monthly amount must be above 0, was " + monthly.toPlainString()));
        }
        return Optional.empty();
    }
}
