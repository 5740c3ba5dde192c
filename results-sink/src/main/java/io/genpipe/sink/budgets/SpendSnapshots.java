package io.genpipe.sink.budgets;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.sink.recording.CostsCommitted;
import io.genpipe.sink.budgets.SpendQueries.Spend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link SpendSnapshot} to {@code genpipe.spend.v1} for each provider and tenant day and month whose
 * costs a committed transaction may have changed, computed from what the database holds after the commit, with one
 * aggregate query per scope and month.
 *
 * <p>Rounds are at least {@link BudgetSettings#spendSnapshotInterval} apart: the first transaction after a quiet
 * interval publishes at once, and those that commit within the interval after it are published together at its end.
 * The aggregate reads the scope's whole month, so a query per transaction would cost more the more the month has
 * billed and the smaller the transactions are (a quiet hour polls one event at a time); per round, it is bounded.
 * A round waiting at a crash is published again at the next start for every scope with a budget, the ones routers
 * hold dispatches for; the others follow at their next change.
 *
 * <p>Sends are not awaited (the recording thread does not wait on the broker); one that fails is logged, and the next
 * change of that scope's spend publishes it again. Computing and sending hold this object's lock, so the attempts and
 * the outcomes listeners of one instance send a scope's snapshots in the order they computed them.
 */
@Component
public class SpendSnapshots implements CostsCommitted, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpendSnapshots.class);

    private final SpendQueries queries;
    private final Budgets budgets;
    private final EventPublisher publisher;
    private final ObjectProvider<SpendObserver> observers;
    private final Clock clock;
    private final long intervalNanos;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sink/spend-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    /** Scopes touched since the last round, published by the next; guarded by this object's lock. */
    private final Map<Touched, Set<LocalDate>> pending = new LinkedHashMap<>();
    private long lastRoundNanos;
    private boolean roundScheduled;
    private volatile boolean running;

    SpendSnapshots(SpendQueries queries, Budgets budgets, EventPublisher publisher,
                   ObjectProvider<SpendObserver> observers, Clock clock, BudgetSettings settings) {
        this.queries = queries;
        this.budgets = budgets;
        this.publisher = publisher;
        this.observers = observers;
        this.clock = clock;
        this.intervalNanos = settings.spendSnapshotInterval().toNanos();
        this.lastRoundNanos = System.nanoTime() - intervalNanos;
    }

    /** One scope's days within one month, as a transaction touched them. */
    private record Touched(SpendScope scope, String name, LocalDate monthStart) {
    }

    @Override
    public synchronized void committed(Set<BilledDay> billed) {
        for (BilledDay day : billed) {
            LocalDate month = BudgetPeriod.MONTH.startOf(day.day());
            pending.computeIfAbsent(new Touched(SpendScope.PROVIDER, day.provider(), month),
                    t -> new LinkedHashSet<>()).add(day.day());
            pending.computeIfAbsent(new Touched(SpendScope.TENANT, day.tenantId(), month),
                    t -> new LinkedHashSet<>()).add(day.day());
        }
        if (roundScheduled) {
            return; // the round already waiting takes these too
        }
        long wait = lastRoundNanos + intervalNanos - System.nanoTime();
        if (!running) {
            publishPending(); // not started, or stopping: nothing is left for later
        } else if (wait <= 0) {
            round();
        } else {
            roundScheduled = true;
            rounds.schedule(this::scheduledRound, wait, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void scheduledRound() {
        roundScheduled = false;
        if (running) {
            round();
        }
    }

    /** One round now; if the database or the broker fails it, its scopes wait for the next, an interval later. */
    private void round() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            log.warn("spend snapshots not published ({}); trying again in {} ms", e.toString(),
                    TimeUnit.NANOSECONDS.toMillis(intervalNanos));
            roundScheduled = true;
            rounds.schedule(this::scheduledRound, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Publishes what is pending; on failure it stays pending. Called holding this object's lock. */
    private void publishPending() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Touched, Set<LocalDate>> round = new LinkedHashMap<>(pending);
        lastRoundNanos = System.nanoTime();
        publish(round);
        pending.keySet().removeAll(round.keySet());
    }

    /** Each budgeted scope's current snapshots: what a round pending at a crash would have said. */
    @Override
    public void start() {
        running = true;
        try {
            for (Budget budget : budgets.all()) {
                publishCurrent(budget.scope(), budget.name());
            }
        } catch (RuntimeException e) {
            log.warn("budgeted scopes' spend snapshots not published at start ({}); each follows its next change",
                    e.toString());
        }
    }

    /** The round still waiting is published before the listeners' producer closes. */
    @Override
    public synchronized void stop() {
        running = false;
        rounds.shutdownNow();
        roundScheduled = false;
        try {
            publishPending();
        } catch (RuntimeException e) {
            log.warn("spend snapshots pending at stop not published ({})", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Below the listener containers' phase: started before them, so a round can wait for its interval, and stopped
     * after them (a higher phase stops first), so the rounds their last transactions left are published.
     */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }

    /**
     * Today's and this month's snapshots of one scope, whether or not its spend changed: after its budget changed,
     * so the routers see the new limit at once.
     */
    public void publishCurrent(SpendScope scope, String name) {
        LocalDate today = today();
        publish(Map.of(new Touched(scope, name, BudgetPeriod.MONTH.startOf(today)), Set.of(today)));
    }

    /** What a scope has spent today and this month, as the snapshots would say it (one query): day, then month. */
    public List<SpendSnapshot> current(SpendScope scope, String name, Budget budget) {
        LocalDate today = today();
        Map<LocalDate, Spend> month = queries.month(scope, name, today);
        Instant now = clock.instant();
        return List.of(snapshot(scope, name, BudgetPeriod.DAY, today, month, budget, now),
                snapshot(scope, name, BudgetPeriod.MONTH, BudgetPeriod.MONTH.startOf(today), month, budget, now));
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private synchronized void publish(Map<Touched, Set<LocalDate>> touched) {
        Map<String, Budget> budgetsByScope = new LinkedHashMap<>();
        budgets.all().forEach(b -> budgetsByScope.put(b.scope().wireName() + ":" + b.name(), b));
        Instant now = clock.instant();
        List<SpendSnapshot> snapshots = new ArrayList<>();
        touched.forEach((scope, days) -> {
            Map<LocalDate, Spend> month = queries.month(scope.scope(), scope.name(), scope.monthStart());
            Budget budget = budgetsByScope.get(scope.scope().wireName() + ":" + scope.name());
            for (LocalDate day : days) {
                snapshots.add(snapshot(scope.scope(), scope.name(), BudgetPeriod.DAY, day, month, budget, now));
            }
            snapshots.add(snapshot(scope.scope(), scope.name(), BudgetPeriod.MONTH, scope.monthStart(), month,
                    budget, now));
        });
        for (SpendSnapshot snapshot : snapshots) {
            publisher.publish(Topics.SPEND, snapshot.key(), snapshot).whenComplete((sent, failed) -> {
                if (failed != null) {
                    log.warn("spend snapshot {} not published ({}); the next change of its spend publishes it again",
                            snapshot.key(), failed.toString());
                }
            });
        }
        observers.orderedStream().forEach(observer -> observer.observed(snapshots));
    }

    private static SpendSnapshot snapshot(SpendScope scope, String name, BudgetPeriod period, LocalDate start,
                                          Map<LocalDate, Spend> month, Budget budget, Instant now) {
        Spend spend = period == BudgetPeriod.DAY ? month.getOrDefault(start, Spend.NONE) : SpendQueries.total(month);
        return SpendSnapshot.of(scope, name, period, start, spend.knownUsd(), spend.unknownCostCalls(),
                budget == null ? null : budget.limit(period), now);
    }
}
