package io.genpipe.router.budget;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.spend.SpendView;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TenantBudgetsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private final SpendView spend = new SpendView();
    private final BudgetSettings configured = new BudgetSettings(Map.of("acme",
            new BudgetSettings.Budget(new BigDecimal("250"), BudgetSettings.Period.MONTH)));
    private final TenantBudgets budgets = new TenantBudgets(configured, spend, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTenantWithoutABudgetAnywhereIsNotGated() {
        assertThat(budgets.gates("globex")).isFalse();
        assertThat(budgets.limits("globex", NOW)).isEmpty();
    }

    @Test
    void theConfiguredBudgetServesUntilTheSinkSaysWhatWasSpent() {
        assertThat(budgets.limits("acme", NOW)).containsExactly(
                new TenantBudgets.Limit(BudgetSettings.Period.MONTH, new BigDecimal("250"), null));

        spend.record(snapshot("acme", BudgetPeriod.MONTH, "12.5", null));

        assertThat(budgets.limits("acme", NOW)).containsExactly(
                new TenantBudgets.Limit(BudgetSettings.Period.MONTH, new BigDecimal("250"), new BigDecimal("12.5")));
    }

    @Test
    void aBudgetSetOnTheSinkGatesTheTenantAndTheLowerOfTwoLimitsOnOnePeriodHolds() {
        spend.record(snapshot("globex", BudgetPeriod.DAY, "1", "5"));
        spend.record(snapshot("acme", BudgetPeriod.MONTH, "12.5", "100"));
        spend.record(snapshot("acme", BudgetPeriod.DAY, "2", "20"));

        assertThat(budgets.gates("globex")).isTrue();
        assertThat(budgets.limits("acme", NOW)).containsExactly(
                new TenantBudgets.Limit(BudgetSettings.Period.DAY, new BigDecimal("20"), new BigDecimal("2")),
                new TenantBudgets.Limit(BudgetSettings.Period.MONTH, new BigDecimal("100"), new BigDecimal("12.5")));
    }

    @Test
    void yesterdaysSnapshotSaysNothingAboutToday() {
        spend.record(SpendSnapshot.of(SpendScope.TENANT, "globex", BudgetPeriod.DAY, LocalDate.parse("2026-12-07"),
                new BigDecimal("5"), 0, new BigDecimal("5"), NOW.minusSeconds(36_000)));

        assertThat(budgets.gates("globex")).isFalse();
    }

    private static SpendSnapshot snapshot(String tenant, BudgetPeriod period, String spent, String budget) {
        return SpendSnapshot.of(SpendScope.TENANT, tenant, period, period.startOf(LocalDate.ofInstant(NOW,
                ZoneOffset.UTC)), new BigDecimal(spent), 0, budget == null ? null : new BigDecimal(budget), NOW);
    }
}
