package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.SpendScope;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

/**
 * {@code /v1/admin/budgets}: list, set and delete budgets. Everything under {@code /v1/admin/**} is for operators
 * (the ADMIN role, enforced by the sink's security, not here). A change takes effect at once: today's and this
 * month's snapshots of the scope are published again with the new limit, and its budget alerts are checked.
 */
@RestController
@RequestMapping("/v1/admin/budgets")
class BudgetAdminController {

    private final Budgets budgets;
    private final SpendSnapshots snapshots;
    private final Clock clock;

    BudgetAdminController(Budgets budgets, SpendSnapshots snapshots, Clock clock) {
        this.budgets = budgets;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** The body of a PUT: either amount may be absent (no limit for that period), not both. */
    record Limits(BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    }

    @GetMapping
    List<Budget> list() {
        return budgets.all();
    }

    @PutMapping("/{scope}/{name}")
    Budget put(@PathVariable String scope, @PathVariable String name, @RequestBody Limits limits) {
        SpendScope parsed = scope(scope);
        Budget.check(parsed, name, limits.dailyUsd(), limits.monthlyUsd()).ifPresent(problem -> {
            throw BadBudget.of(problem.field(), problem.detail());
        });
        Budget set = budgets.put(parsed, name, limits.dailyUsd(), limits.monthlyUsd(), clock.instant());
        snapshots.publishCurrent(parsed, name);
        return set;
    }

    @DeleteMapping("/{scope}/{name}")
    ResponseEntity<Void> delete(@PathVariable String scope, @PathVariable String name) {
        SpendScope parsed = scope(scope);
        if (!budgets.delete(parsed, name)) {
            throw BadBudget.unknown(scope, name);
        }
        snapshots.publishCurrent(parsed, name);
        return ResponseEntity.noContent().build();
    }

    private static SpendScope scope(String scope) {
        return SpendScope.fromWireName(scope)
                .orElseThrow(() -> BadBudget.of("scope", "scope must be provider or tenant, was '" + scope + "'"));
    }
}
