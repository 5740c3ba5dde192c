package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code genpipe.sink.budgets}: budgets set in configuration, written to the {@code budgets} table at start-up. A
 * budget set through the admin API ({@code PUT /v1/admin/budgets/{scope}/{name}}) stands over the configured one
 * until it is deleted there.
 *
 * <pre>
 * genpipe.sink.budgets:
 *   - { scope: provider, name: openai, daily: 50, monthly: 1000 }
 *   - { scope: tenant, name: studio-north, monthly: 200 }
 * </pre>
 *
 * @param spendSnapshotInterval {@code genpipe.sink.spend-snapshot-interval}: the shortest time between two rounds of
 *                              spend snapshots (1s). Transactions that commit within it are published together at its
 *                              end, so the month's aggregate queries run a few times a second however small and
 *                              frequent the transactions are, instead of once per transaction
 */
@ConfigurationProperties("genpipe.sink")
public record BudgetSettings(List<Configured> budgets, Duration spendSnapshotInterval) {

    public BudgetSettings {
        spendSnapshotInterval = spendSnapshotInterval == null ? Duration.ofSeconds(1) : spendSnapshotInterval;
        if (spendSnapshotInterval.isNegative()) {
            throw new IllegalArgumentException("genpipe.sink.spend-snapshot-interval must not be negative, was "
                    + spendSnapshotInterval);
        }
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        Set<String> seen = new HashSet<>();
        for (Configured budget : budgets) {
            if (!seen.add(budget.scope().wireName() + ":" + budget.name())) {
                throw new IllegalArgumentException("genpipe.sink.budgets names " + budget.scope().wireName() + " "
                        + budget.name() + " twice");
            }
        }
    }

    /**
     * @param daily   USD per UTC day; absent for none
     * @param monthly USD per UTC month; absent for none
     */
    public record Configured(SpendScope scope, String name, BigDecimal daily, BigDecimal monthly) {

        public Configured {
            Budget.check(scope, name, daily, monthly).ifPresent(problem -> {
                throw new IllegalArgumentException("genpipe.sink.budgets: " + problem.detail());
            });
        }
    }
}
