package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
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
 */
@ConfigurationProperties("genpipe.sink")
public record BudgetSettings(List<Configured> budgets) {

    public BudgetSettings {
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
