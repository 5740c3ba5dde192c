package io.genpipe.sink.alerts;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.AlertRule;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.sink.budgets.Budget;
import io.genpipe.sink.budgets.Budgets;
import io.genpipe.sink.budgets.SpendSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the alert rules every {@code genpipe.sink.alerts.evaluate-every} (30 s): seed 001's window rules per
 * provider and for all of them, the primary provider's health, and every budget's current day and month (which
 * clears the alerts of a budget raised or removed, and of a period that has ended). Then it publishes what was raised
 * or cleared and refreshes the gauge. Every sink instance runs it; the {@link AlertBook} makes each crossing fire
 * once between them.
 */
@Component
public class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertSettings settings;
    private final WindowQueries windows;
    private final AlertBook book;
    private final BudgetAlerts budgetAlerts;
    private final Budgets budgets;
    private final SpendSnapshots spend;
    private final ProviderHealthView health;
    private final Optional<String> primary;
    private final Clock clock;
    private volatile boolean failing;

    AlertEvaluator(AlertSettings settings, WindowQueries windows, AlertBook book, BudgetAlerts budgetAlerts,
                   Budgets budgets, SpendSnapshots spend, ProviderHealthView health, ObjectProvider<Catalog> catalog,
                   Clock clock) {
        this.settings = settings;
        this.windows = windows;
        this.book = book;
        this.budgetAlerts = budgetAlerts;
        this.budgets = budgets;
        this.spend = spend;
        this.health = health;
        this.primary = primaryProvider(settings.primaryDown(), catalog);
        this.clock = clock;
    }

    /** The configured primary provider, or the first of the catalog's text-to-image route. */
    private static Optional<String> primaryProvider(AlertSettings.PrimaryDown rule, ObjectProvider<Catalog> catalog) {
        if (rule.provider() != null && !rule.provider().isBlank()) {
            return Optional.of(rule.provider());
        }
        Catalog known = catalog.getIfAvailable();
        if (known == null || known.route(Operation.TEXT_TO_IMAGE).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(known.route(Operation.TEXT_TO_IMAGE).get(0).provider().name());
    }

    public Optional<String> primary() {
        return primary;
    }

    @Scheduled(fixedDelayString = "${genpipe.sink.alerts.evaluate-every:30s}",
            initialDelayString = "${genpipe.sink.alerts.evaluate-every:30s}")
    void tick() {
        try {
            evaluate();
            if (failing) {
                log.info("alert evaluation works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // The database may be down: the listeners say so loudly; one line here, not one per tick.
            if (!failing) {
                log.warn("alert evaluation failed ({}); trying again every {}", e.toString(), settings.evaluateEvery());
                failing = true;
            }
        }
    }

    /** One evaluation of every rule; safe to call at any time, from any instance. */
    public synchronized void evaluate() {
        Instant now = clock.instant();
        windowRules(now);
        primaryDown(now);
        budgets(now);
        book.publishPending();
        book.refreshFiring();
    }

    private void windowRules(Instant now) {
        AlertSettings.SuccessRate success = settings.successRate();
        AlertSettings.AverageTime time = settings.averageTime();
        AlertSettings.CostPerImage cost = settings.costPerImage();
        Map<Duration, List<Rules.WindowFigures>> byWindow = new LinkedHashMap<>();
        if (success.enabled()) {
            for (Rules.WindowFigures f : figures(byWindow, success.window(), now)) {
                book.apply(AlertCheck.window(AlertRule.SUCCESS_RATE, f.scope(), success.below(), success.window()),
                        Rules.successRate(f, success), now);
            }
        }
        if (time.enabled()) {
            for (Rules.WindowFigures f : figures(byWindow, time.window(), now)) {
                book.apply(AlertCheck.window(AlertRule.AVERAGE_TIME, f.scope(),
                        BigDecimal.valueOf(time.above().toMillis()), time.window()), Rules.averageTime(f, time), now);
            }
        }
        if (cost.enabled()) {
            for (Rules.WindowFigures f : figures(byWindow, cost.window(), now)) {
                book.apply(AlertCheck.window(AlertRule.COST_PER_IMAGE, f.scope(), cost.perImage(), cost.window()),
                        Rules.costPerImage(f, cost), now);
            }
        }
    }

    /** One query per distinct window: with the defaults, one for all three rules. */
    private List<Rules.WindowFigures> figures(Map<Duration, List<Rules.WindowFigures>> byWindow, Duration window,
                                              Instant now) {
        return byWindow.computeIfAbsent(window, w -> windows.figures(w, now));
    }

    private void primaryDown(Instant now) {
        AlertSettings.PrimaryDown rule = settings.primaryDown();
        if (!rule.enabled() || primary.isEmpty()) {
            return;
        }
        String provider = primary.get();
        book.apply(new AlertCheck(AlertRule.PRIMARY_PROVIDER_DOWN, "provider:" + provider, "provider:" + provider,
                        null, null, BigDecimal.valueOf(rule.after().toSeconds()), null, rule.after()),
                Rules.primaryDown(provider, health.status(provider, now)), now);
    }

    /**
     * Every budget's current day and month, one query per budget; then the budget alerts still open that no current
     * budget stands behind any more are cleared: the period ended, the budget was removed or its limit dropped.
     */
    private void budgets(Instant now) {
        Set<String> checked = new HashSet<>();
        for (Budget budget : budgets.all()) {
            for (SpendSnapshot snapshot : spend.current(budget.scope(), budget.name(), budget)) {
                if (budgetAlerts.check(snapshot, now)) {
                    checked.add(snapshot.scope().wireName() + ":" + snapshot.name() + "/" + snapshot.period() + ":"
                            + snapshot.periodStart());
                }
            }
        }
        for (AlertBook.OpenBudgetAlert open : book.openBudgetAlerts()) {
            if (!checked.contains(open.scope() + "/" + open.period() + ":" + open.periodStart())) {
                boolean ended = open.period().lastDay(open.periodStart()).isBefore(spend.today());
                book.clear(open.alertId(), null, open.scope() + ": the " + open.period().wireName() + " of "
                        + open.periodStart() + (ended ? " has ended" : " has no budget any more"), now);
            }
        }
    }
}
