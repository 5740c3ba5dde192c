package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.sink.Csv;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.genpipe.access.Caller;
import io.genpipe.contracts.event.SpendScope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /v1/budgets}: each budget beside what its scope has spent in the current UTC day and month (read-only;
 * set them under {@code /v1/admin/budgets}). One aggregate query per budget. JSON, or CSV ({@code format=csv}).
 */
@RestController
class BudgetController {

    private final Budgets budgets;
    private final SpendSnapshots snapshots;

    BudgetController(Budgets budgets, SpendSnapshots snapshots) {
        this.budgets = budgets;
        this.snapshots = snapshots;
    }

    /**
     * One period of one budget.
     *
     * @param budgetUsd        null when the budget sets no limit for this period
     * @param fraction         spent over budget (1 is all of it); null without a limit
     * @param unknownCostCalls calls whose cost is unknown: while above 0, spentUsd is a lower bound
     */
    record PeriodSpend(BudgetPeriod period, LocalDate periodStart, BigDecimal spentUsd,
                       long unknownCostCalls, BigDecimal budgetUsd, BigDecimal fraction) {

        static PeriodSpend of(SpendSnapshot snapshot) {
            return new PeriodSpend(snapshot.period(), snapshot.periodStart(), snapshot.spentUsd(),
                    snapshot.unknownCostCalls(), snapshot.budgetUsd(), snapshot.fractionOfBudget());
        }
    }

    record BudgetSpend(String scope, String name, String source, PeriodSpend day, PeriodSpend month) {
    }

    @GetMapping(path = "/v1/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
    List<BudgetSpend> budgets(@AuthenticationPrincipal Caller caller) {
        List<BudgetSpend> answer = new ArrayList<>();
        for (Budget budget : budgets.all()) {
            // A tenant sees its own budget; the providers' and every other tenant's are an operator's.
            if (!caller.isAdmin() && !(budget.scope() == SpendScope.TENANT && budget.name().equals(caller.tenantId()))) {
                continue;
            }
            List<SpendSnapshot> current = snapshots.current(budget.scope(), budget.name(), budget);
            answer.add(new BudgetSpend(budget.scope().wireName(), budget.name(), budget.source(),
                    PeriodSpend.of(current.get(0)), PeriodSpend.of(current.get(1))));
        }
        return answer;
    }

    @GetMapping(path = "/v1/budgets", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> budgetsCsv(@AuthenticationPrincipal Caller caller) {
        Csv csv = new Csv(List.of("scope", "name", "period", "period_start", "spent_usd", "unknown_cost_calls",
                "budget_usd", "fraction"));
        for (BudgetSpend budget : budgets(caller)) {
            for (PeriodSpend period : List.of(budget.day(), budget.month())) {
                csv.row(Arrays.asList(budget.scope(), budget.name(), period.period().wireName(),
                        period.periodStart(), period.spentUsd(), period.unknownCostCalls(), period.budgetUsd(),
                        period.fraction()));
            }
        }
        return Csv.response(csv.toString());
    }
}
