package io.genpipe.router.budget;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.spend.SpendView;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The budgets a tenant's dispatches reserve against, from two sources: the router's configuration
 * ({@link BudgetSettings}) and the budgets set on the results sink (its admin API or configuration), which arrive
 * with the sink's spend snapshots. Where both limit the same period, the lower limit holds. The sink's snapshot of a
 * period also says what the tenant has been billed in it, which a ledger takes when it is more than its own count
 * (spend from before the ledger existed, or from elsewhere).
 */
@Component
public class TenantBudgets {

    private final BudgetSettings configured;
    private final SpendView recorded;
    private final Clock clock;

    public TenantBudgets(BudgetSettings configured, SpendView recorded, Clock clock) {
        this.configured = configured;
        this.recorded = recorded;
        this.clock = clock;
    }

    /** Only the configured budgets: for tests of routing without a sink. */
    public static TenantBudgets configured(BudgetSettings configured) {
        return new TenantBudgets(configured, new SpendView(), Clock.systemUTC());
    }

    public static TenantBudgets none() {
        return configured(BudgetSettings.none());
    }

    /**
     * One period's limit on a tenant.
     *
     * @param recordedUsd what the sink has recorded the tenant spent in the period; null before it published any
     */
    public record Limit(BudgetSettings.Period period, BigDecimal limitUsd, BigDecimal recordedUsd) {
    }

    /** Whether the tenant's dispatches reserve against a budget now. */
    public boolean gates(String tenant) {
        return configured.gates(tenant) || recorded.hasBudget(SpendScope.TENANT, tenant, clock.instant());
    }

    /** The tenant's limits in force at {@code now}: none, one or two periods. */
    public List<Limit> limits(String tenant, Instant now) {
        Optional<BudgetSettings.Budget> own = configured.of(tenant);
        List<Limit> limits = new ArrayList<>();
        for (BudgetSettings.Period period : BudgetSettings.Period.values()) {
            BudgetPeriod sinkPeriod = BudgetPeriod.valueOf(period.name());
            Optional<SpendSnapshot> snapshot = recorded.current(SpendScope.TENANT, tenant, sinkPeriod, now);
            BigDecimal limit = snapshot.map(SpendSnapshot::budgetUsd).orElse(null);
            if (own.isPresent() && own.get().period() == period) {
                limit = limit == null ? own.get().limitUsd() : limit.min(own.get().limitUsd());
            }
            if (limit != null) {
                limits.add(new Limit(period, limit, snapshot.map(SpendSnapshot::spentUsd).orElse(null)));
            }
        }
        return limits;
    }
}
