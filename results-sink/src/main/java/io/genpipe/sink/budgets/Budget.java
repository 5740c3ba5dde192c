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

    /** The largest amount the budgets table holds (numeric(18,8)), exclusive. */
    static final BigDecimal TOO_LARGE = BigDecimal.TEN.pow(10);
    /** The most decimals it keeps: more would be rounded away without a word. */
    static final int MAX_DECIMALS = 8;

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
        Optional<Problem> problem = amount("dailyUsd", "daily", daily);
        return problem.isPresent() ? problem : amount("monthlyUsd", "monthly", monthly);
    }

    private static Optional<Problem> amount(String field, String period, BigDecimal amount) {
        if (amount == null) {
            return Optional.empty();
        }
        if (amount.signum() <= 0) {
            return Optional.of(new Problem(field, "the " + period + " amount must be above 0, was "
                    + amount.toPlainString()));
        }
        if (amount.compareTo(TOO_LARGE) >= 0 || amount.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return Optional.of(new Problem(field, "the " + period + " amount must be below " + TOO_LARGE.toPlainString()
                    + " USD with at most " + MAX_DECIMALS + " decimals, was " + amount.toPlainString()));
        }
        return Optional.empty();
    }
}
