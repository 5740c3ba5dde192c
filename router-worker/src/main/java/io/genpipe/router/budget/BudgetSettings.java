package io.genpipe.router.budget;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * What each tenant may spend ({@code genpipe.routing.budgets.tenants.<tenant>.*}). A tenant with a budget has every
 * dispatch's estimated cost reserved against it before the dispatch is sent, and a dispatch the budget cannot cover
 * is not sent: the job fails BUDGET_EXHAUSTED (see {@link Ledger}). A tenant without one is not gated.
 */
@ConfigurationProperties("genpipe.routing.budgets")
public record BudgetSettings(Map<String, Budget> tenants) {

    public BudgetSettings {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    public static BudgetSettings none() {
        return new BudgetSettings(Map.of());
    }

    public Optional<Budget> of(String tenant) {
        return Optional.ofNullable(tenants.get(tenant));
    }

    public boolean gates(String tenant) {
        return tenants.containsKey(tenant);
    }

    /**
     * @param limitUsd what the tenant may spend per period, in USD as the vendors bill it
     * @param period   the budget's window, in UTC: {@code day} or {@code month}
     */
    public record Budget(BigDecimal limitUsd, @DefaultValue("month") Period period) {

        public Budget {
            if (limitUsd == null || limitUsd.signum() < 0) {
                throw new IllegalArgumentException("genpipe.routing.budgets.tenants.*.limit-usd is an amount of at"
                        + " least 0, was " + limitUsd);
            }
            period = period == null ? Period.MONTH : period;
        }
    }

    public enum Period {
        DAY, MONTH;

        /** The period that {@code now} falls in, as it names a ledger: "2026-12-01" or "2026-12". */
        public String of(Instant now) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            return this == DAY ? today.toString() : today.toString().substring(0, 7);
        }
    }
}
