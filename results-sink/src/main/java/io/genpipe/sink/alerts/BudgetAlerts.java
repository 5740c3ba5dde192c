package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.sink.budgets.SpendObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The budget thresholds (50, 80 and 100% by default), checked on every spend snapshot with a budget, right after the
 * transaction that changed the spend: one crossing, one alert, whichever transaction made it. Only a period still
 * running is checked: spend recorded late for a period that has ended updates its snapshot and raises nothing. The
 * thresholds are those in force, read once per round of snapshots (one row), so an admin's change applies to the next
 * round on every instance.
 */
@Component
class BudgetAlerts implements SpendObserver {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);

    private final AlertBook book;
    private final ThresholdVersions thresholds;
    private final Clock clock;

    BudgetAlerts(AlertBook book, ThresholdVersions thresholds, Clock clock) {
        this.book = book;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    @Override
    public void observed(List<SpendSnapshot> snapshots) {
        if (snapshots.stream().allMatch(snapshot -> snapshot.budgetUsd() == null)) {
            return; // no budget, nothing to check: no need to read the thresholds
        }
        Instant now = clock.instant();
        List<BigDecimal> fractions = thresholds.inForce().thresholds().budgetFractions();
        boolean any = false;
        for (SpendSnapshot snapshot : snapshots) {
            if (check(snapshot, now, fractions)) {
                any = true;
            }
        }
        if (any) {
            try {
                book.publishPending();
            } catch (RuntimeException e) {
                log.warn("budget alerts not published yet ({}); the next evaluation does", e.toString());
            }
        }
    }

    /**
     * @param fractions the budget thresholds in force, as fractions
     * @return whether the snapshot has a budget of a running period, and so was checked
     */
    boolean check(SpendSnapshot snapshot, Instant now, List<BigDecimal> fractions) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (snapshot.budgetUsd() == null || snapshot.period().lastDay(snapshot.periodStart()).isBefore(today)) {
            return false;
        }
        String scope = snapshot.scope().wireName() + ":" + snapshot.name();
        for (BigDecimal fraction : fractions) {
            book.apply(AlertCheck.budget(scope, snapshot.period(), snapshot.periodStart(), fraction),
                    Rules.budget(snapshot, fraction), now);
        }
        return true;
    }
}
