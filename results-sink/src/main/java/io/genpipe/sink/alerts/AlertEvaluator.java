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
import org.springframework.beans.factory.DisposableBean;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Evaluates the alert rules every {@code genpipe.sink.alerts.evaluate-every} (30 s): seed 001's window rules per
 * provider and for all of them, the primary provider's health, and every budget's current day and month (which
 * clears the alerts of a budget raised or removed, and of a period that has ended). Then it publishes what was raised
 * or cleared and refreshes the gauge. Every sink instance runs it; the {@link AlertBook} makes each crossing fire
 * once between them.
 *
 * <p>The thresholds are those in force at each evaluation, read from the database ({@link ThresholdVersions}, one
 * row): the configuration's, or what an admin set through {@code /v1/admin/alerts/thresholds} on any instance. An
 * alert that the thresholds in force no longer judge (its rule switched off, a budget percent removed, another
 * primary provider) is cleared, since nothing would evaluate it again.
 */
@Component
public class AlertEvaluator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertSettings settings;
    private final ThresholdVersions thresholds;
    private final WindowQueries windows;
    private final AlertBook book;
    private final BudgetAlerts budgetAlerts;
    private final Budgets budgets;
    private final SpendSnapshots spend;
    private final ProviderHealthView health;
    private final ObjectProvider<Catalog> catalog;
    private final Clock clock;
    /** The primary provider of the last evaluation. */
    private volatile Optional<String> primary;
    private volatile boolean failing;
    /** Evaluations asked for by a change of thresholds, off the request thread; at most one waits. */
    private final ExecutorService soon = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sink/alerts-now");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean soonQueued = new AtomicBoolean();

    AlertEvaluator(AlertSettings settings, ThresholdVersions thresholds, WindowQueries windows, AlertBook book,
                   BudgetAlerts budgetAlerts, Budgets budgets, SpendSnapshots spend, ProviderHealthView health,
                   ObjectProvider<Catalog> catalog, Clock clock) {
        this.settings = settings;
        this.thresholds = thresholds;
        this.windows = windows;
        this.book = book;
        this.budgetAlerts = budgetAlerts;
        this.budgets = budgets;
        this.spend = spend;
        this.health = health;
        this.catalog = catalog;
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

    /** The primary provider as of the last evaluation (before the first, the configuration's). */
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

    /**
     * Evaluates on another thread as soon as it can, without waiting: a change of thresholds takes effect on this
     * instance at once, and its request does not wait on the queries or on the broker. One asked for while another
     * waits to start is the same one.
     */
    void evaluateSoon() {
        if (!soonQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            soon.execute(() -> {
                soonQueued.set(false);
                tick();
            });
        } catch (RejectedExecutionException stopping) {
            soonQueued.set(false);
        }
    }

    @Override
    public void destroy() {
        soon.shutdownNow();
    }

    /** One evaluation of every rule; safe to call at any time, from any instance. */
    public synchronized void evaluate() {
        Instant now = clock.instant();
        AlertThresholds inForce = thresholds.inForce().thresholds();
        windowRules(inForce, now);
        primaryDown(inForce.primaryDown(), now);
        budgets(inForce.budgetFractions(), now);
        book.publishPending();
        book.refreshFiring();
    }

    private void windowRules(AlertThresholds inForce, Instant now) {
        AlertSettings.SuccessRate success = inForce.successRate();
        AlertSettings.AverageTime time = inForce.averageTime();
        AlertSettings.CostPerImage cost = inForce.costPerImage();
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
        for (Map.Entry<AlertRule, Boolean> rule : Map.of(AlertRule.SUCCESS_RATE, success.enabled(),
                AlertRule.AVERAGE_TIME, time.enabled(), AlertRule.COST_PER_IMAGE, cost.enabled()).entrySet()) {
            if (!rule.getValue()) {
                retire(rule.getKey(), subject -> false, rule.getKey().wireName() + " is switched off", now);
            }
        }
    }

    /** Clears (or forgets, when pending) the rule's open alerts whose subject is not {@code judged} any more. */
    private void retire(AlertRule rule, Predicate<String> judged, String why, Instant now) {
        for (AlertBook.OpenAlert open : book.openAlerts(rule)) {
            if (!judged.test(open.subject())) {
                book.retire(open, open.subject() + ": " + why, now);
            }
        }
    }

    /** One query per distinct window: with the defaults, one for all three rules. */
    private List<Rules.WindowFigures> figures(Map<Duration, List<Rules.WindowFigures>> byWindow, Duration window,
                                              Instant now) {
        return byWindow.computeIfAbsent(window, w -> windows.figures(w, now));
    }

    private void primaryDown(AlertSettings.PrimaryDown rule, Instant now) {
        Optional<String> primary = primaryProvider(rule, catalog);
        this.primary = primary;
        if (!rule.enabled() || primary.isEmpty()) {
            retire(AlertRule.PRIMARY_PROVIDER_DOWN, subject -> false,
                    rule.enabled() ? "no primary provider is known" : "primary-provider-down is switched off", now);
            return;
        }
        String provider = primary.get();
        // Another provider made primary: the old one's alert says nothing about the primary any more.
        retire(AlertRule.PRIMARY_PROVIDER_DOWN, ("provider:" + provider)::equals,
                "is no longer the primary provider", now);
        book.apply(new AlertCheck(AlertRule.PRIMARY_PROVIDER_DOWN, "provider:" + provider, "provider:" + provider,
                        null, null, BigDecimal.valueOf(rule.after().toSeconds()), null, rule.after()),
                Rules.primaryDown(provider, health.status(provider, now)), now);
    }

    /**
     * Every budget's current day and month, one query per budget; then the budget alerts still open that no current
     * budget stands behind any more are cleared: the period ended, the budget was removed or its limit dropped, or
     * their percent is no longer one of the thresholds.
     */
    private void budgets(List<BigDecimal> fractions, Instant now) {
        Set<String> periods = new HashSet<>();
        Set<String> judged = new HashSet<>();
        for (Budget budget : budgets.all()) {
            for (SpendSnapshot snapshot : spend.current(budget.scope(), budget.name(), budget)) {
                if (budgetAlerts.check(snapshot, now, fractions)) {
                    String scope = snapshot.scope().wireName() + ":" + snapshot.name();
                    periods.add(scope + "/" + snapshot.period() + ":" + snapshot.periodStart());
                    for (BigDecimal fraction : fractions) {
                        judged.add(AlertCheck.budgetSubject(scope, snapshot.period(), snapshot.periodStart(),
                                fraction));
                    }
                }
            }
        }
        for (AlertBook.OpenBudgetAlert open : book.openBudgetAlerts()) {
            if (judged.contains(open.subject())) {
                continue;
            }
            String why;
            if (periods.contains(open.scope() + "/" + open.period() + ":" + open.periodStart())) {
                why = Rules.percent(open.threshold()) + " of its budget is no longer an alert threshold";
            } else {
                boolean ended = open.period().lastDay(open.periodStart()).isBefore(spend.today());
                why = "the " + open.period().wireName() + " of " + open.periodStart()
                        + (ended ? " has ended" : " has no budget any more");
            }
            book.clear(open.alertId(), null, open.scope() + ": " + why, now);
        }
    }
}
