package io.genpipe.router.streams;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.router.budget.Ledger;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.tracking.Tick;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one owner of each tenant's budget ledger: reservations and results arrive here keyed by tenant, from every
 * routing task of every router instance, so the check and the reservation are one step that no other dispatch can
 * interleave with. A dispatch the budget covers is sent on to its provider; one it cannot cover goes back to the
 * routing task as a {@link Tick.Kind#BUDGET_DENIED} tick, and its job fails.
 *
 * <p>The estimate reserved is the one the dispatch's route gives for its model (per image, times the images); a
 * dispatch without one is refused: what the router does not know, it does not spend.
 *
 * <p>A tenant may be limited per day and per month at once ({@link TenantBudgets}): each period has a ledger of its
 * own (store key {@code tenant/day}, {@code tenant/month}), and a dispatch is sent only if every one covers it.
 */
class BudgetProcessor implements Processor<String, Object, String, Object> {

    private final TenantBudgets budgets;
    private final BudgetMeters meters;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Ledger> ledgers;

    BudgetProcessor(TenantBudgets budgets, BudgetMeters meters, Clock clock) {
        this.budgets = budgets;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ledgers = context.getStateStore(RouterStores.BUDGETS);
    }

    @Override
    public void process(Record<String, Object> record) {
        BudgetEntry entry = (BudgetEntry) record.value();
        String tenant = entry.tenant();
        Instant now = clock.instant();
        List<TenantBudgets.Limit> limits = budgets.limits(tenant, now);
        if (limits.isEmpty()) {
            // The budget was removed since the dispatch was decided: nothing to reserve against.
            if (entry instanceof BudgetEntry.Reserve reserve) {
                send(record, reserve.dispatch(), now);
            }
            return;
        }
        if (entry instanceof BudgetEntry.Settle settle) {
            limits.forEach(limit -> keep(limit, ledgerOf(tenant, limit, now)
                    .settle(entry.dispatchId(), settle.result().costUsd())));
            return;
        }
        AttemptDispatched dispatch = ((BudgetEntry.Reserve) entry).dispatch();
        Optional<BigDecimal> estimate = estimate(dispatch);
        if (estimate.isEmpty()) {
            deny(record, dispatch, "no cost estimate for " + dispatch.provider() + ": " + dispatch.model()
                    + ", and tenant " + tenant + " has a budget", now);
            return;
        }
        // Every period's ledger must cover it before any holds it: a denied dispatch reserves nothing anywhere.
        Map<TenantBudgets.Limit, Ledger> held = new LinkedHashMap<>();
        for (TenantBudgets.Limit limit : limits) {
            Ledger.Reservation reservation = ledgerOf(tenant, limit, now).reserve(entry.dispatchId(), estimate.get(),
                    limit.limitUsd(), limit.recordedUsd());
            if (reservation instanceof Ledger.Reservation.Denied denied) {
                deny(record, dispatch, denied.reason(), now);
                return;
            }
            held.put(limit, ((Ledger.Reservation.Held) reservation).ledger());
        }
        held.forEach(this::keep);
        send(record, dispatch, now);
    }

    private Ledger ledgerOf(String tenant, TenantBudgets.Limit limit, Instant now) {
        String period = limit.period().of(now);
        Ledger stored = ledgers.get(key(tenant, limit));
        return (stored != null ? stored : Ledger.empty(tenant, period)).in(period);
    }

    private void deny(Record<String, Object> record, AttemptDispatched dispatch, String reason, Instant now) {
        meters.denied(dispatch.job().tenantId());
        context.forward(record.withKey(dispatch.jobId())
                .withValue((Object) Tick.budgetDenied(dispatch.jobId(), dispatch.attempt(), reason, now))
                .withTimestamp(now.toEpochMilli()));
    }

    private void keep(TenantBudgets.Limit limit, Ledger ledger) {
        ledgers.put(key(ledger.tenant(), limit), ledger);
        meters.record(limit.period(), ledger);
    }

    private static String key(String tenant, TenantBudgets.Limit limit) {
        return tenant + "/" + limit.period().name().toLowerCase(Locale.ROOT);
    }

    /** Forwarded from the record it came in, so it keeps that record's headers: the job's trace goes on. */
    private void send(Record<String, Object> entry, AttemptDispatched dispatch, Instant now) {
        context.forward(entry.withKey(dispatch.jobId()).withValue((Object) dispatch).withTimestamp(now.toEpochMilli()));
    }

    /** The chosen candidate's estimate per image (the route lists it first), times the images asked. */
    static Optional<BigDecimal> estimate(AttemptDispatched dispatch) {
        RouteExplanation route = dispatch.route();
        if (route == null || route.scores().isEmpty()) {
            return Optional.empty();
        }
        RouteExplanation.Score chosen = route.scores().get(0);
        if (!chosen.provider().equals(dispatch.provider()) || chosen.estimatedCostPerImageUsd() == null) {
            return Optional.empty();
        }
        return Optional.of(chosen.estimatedCostPerImageUsd().multiply(BigDecimal.valueOf(dispatch.params().count()))
                .setScale(Usd.SCALE, RoundingMode.HALF_UP));
    }
}
