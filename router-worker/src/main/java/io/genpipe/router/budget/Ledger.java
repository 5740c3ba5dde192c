package io.genpipe.router.budget;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant's spending in one budget period, as the router group's one owner of it keeps it: what settled attempts
 * cost, and what the attempts in flight are expected to cost (their reservations, by dispatch id). A dispatch is
 * sent only if the settled cost, the reservations and its own estimate fit the limit, so concurrent routers can never
 * overshoot by more than what is already in flight: all of them reserve through this one ledger.
 *
 * <p>A settled attempt whose cost is unknown counts its reservation as spent: the vendor may have billed it, and a
 * missing price is not $0. After a crash, an input read again may count once more; the ledger then overstates the
 * spending, never understates it.
 *
 * @param period    the period it counts ("2026-12")
 * @param settledUsd what settled attempts cost (their estimates, for those whose cost is unknown)
 * @param unknownCostAttempts settled attempts whose real cost is unknown
 * @param held      the reservations of attempts in flight, by dispatch id
 */
public record Ledger(String tenant, String period, BigDecimal settledUsd, int unknownCostAttempts,
                     Map<String, BigDecimal> held) {

    public Ledger {
        held = Map.copyOf(held);
    }

    public static Ledger empty(String tenant, String period) {
        return new Ledger(tenant, period, BigDecimal.ZERO, 0, Map.of());
    }

    /** The same ledger in {@code current}: a new period starts from nothing spent, keeping what is in flight. */
    public Ledger in(String current) {
        return current.equals(period) ? this : new Ledger(tenant, current, BigDecimal.ZERO, 0, held);
    }

    public BigDecimal reservedUsd() {
        return held.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * Reserves {@code estimate} for the dispatch if the budget covers it; a dispatch already held is held still.
     *
     * @param recordedUsd what the results sink has recorded as spent in the period, or null: it counts when it is
     *                    more than this ledger's own settled attempts (spend the ledger never saw), never twice
     */
    public Reservation reserve(String dispatchId, BigDecimal estimate, BigDecimal limit, BigDecimal recordedUsd) {
        if (held.containsKey(dispatchId)) {
            return new Reservation.Held(this);
        }
        boolean sinkKnowsMore = recordedUsd != null && recordedUsd.compareTo(settledUsd) > 0;
        BigDecimal spent = sinkKnowsMore ? recordedUsd : settledUsd;
        BigDecimal after = spent.add(reservedUsd()).add(estimate);
        if (after.compareTo(limit) > 0) {
            return new Reservation.Denied("tenant " + tenant + "'s budget of $" + limit.stripTrailingZeros()
                    .toPlainString() + " for " + period + " cannot cover $" + estimate.stripTrailingZeros()
                    .toPlainString() + " more: $" + spent.stripTrailingZeros().toPlainString() + " spent"
                    + (sinkKnowsMore ? " (as the results sink recorded it)" : "") + ", $"
                    + reservedUsd().stripTrailingZeros().toPlainString() + " reserved for attempts in flight");
        }
        Map<String, BigDecimal> more = new LinkedHashMap<>(held);
        more.put(dispatchId, estimate);
        return new Reservation.Held(new Ledger(tenant, period, settledUsd, unknownCostAttempts, more));
    }

    /**
     * The attempt's result: its reservation is released and its cost counted.
     *
     * @param costUsd what the vendor bills; {@code null} when unknown, then the reservation counts instead
     */
    public Ledger settle(String dispatchId, BigDecimal costUsd) {
        Map<String, BigDecimal> less = new LinkedHashMap<>(held);
        BigDecimal reserved = less.remove(dispatchId);
        BigDecimal counted = costUsd != null ? costUsd : reserved != null ? reserved : BigDecimal.ZERO;
        return new Ledger(tenant, period, settledUsd.add(counted), unknownCostAttempts + (costUsd == null ? 1 : 0),
                less);
    }

    /** What a dispatch's reservation came to. */
    public sealed interface Reservation {

        /** Reserved (now or before): the dispatch may be sent. */
        record Held(Ledger ledger) implements Reservation {
        }

        /** The budget cannot cover it: the dispatch is not sent. */
        record Denied(String reason) implements Reservation {
        }
    }
}
