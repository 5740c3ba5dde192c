package io.genpipe.sink.costs;

import io.genpipe.sink.Csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the vendors will bill for the attempts of a period, grouped ({@code GET /v1/costs}). Attempts bill on their
 * UTC day. Amounts are sums of the attempts whose cost is known: {@code null} when none in the group is, and a lower
 * bound while {@code unknownCostAttempts} or {@code lostVendorCalls} is above zero.
 *
 * @param from                first day, inclusive (UTC)
 * @param to                  last day, inclusive (UTC)
 * @param tenantId            the one tenant reported on, or null for all
 * @param totalCostUsd        the groups' known costs together; null when no attempt's cost is known
 * @param lostVendorCalls     vendor calls made for these attempts whose answers a worker crash lost: the vendor may
 *                            bill them, and their cost is in no amount above
 * @param lostVendorCallsExpectedCostUsd what the catalog expected the priced ones of them to cost, from what they
 *                            asked: about what the vendors bill for calls made twice; null when none is priced
 * @param unpricedLostVendorCalls lost calls whose price could not tell in advance (per GPU second): unknown
 * @param vendorCalls         the calls the attempts reported, and what was paid twice: the spend the vendors bill is
 *                            {@code totalCostUsd} plus {@code vendorCalls.duplicatesCostUsd}
 */
public record CostReport(LocalDate from, LocalDate to, String groupBy, String tenantId, BigDecimal totalCostUsd,
                         long attempts, long failedAttempts, long unknownCostAttempts, long lostVendorCalls,
                         BigDecimal lostVendorCallsExpectedCostUsd, long unpricedLostVendorCalls,
                         VendorCalls vendorCalls, List<Group> groups) {

    /** One group: the keys it is grouped by are set, the others null. */
    public record Group(String provider, String model, String tenantId, LocalDate day, String operation,
                        BigDecimal costUsd,
                        long attempts, long failedAttempts, long unknownCostAttempts, long lostVendorCalls,
                        BigDecimal lostVendorCallsExpectedCostUsd, long unpricedLostVendorCalls,
                        VendorCalls vendorCalls) {
    }

    /**
     * The vendor calls the attempts reported (workers that report none add nothing here).
     *
     * @param billable           calls the vendor may bill: all but retries after an unbilled failure
     * @param duplicates         billable calls no attempt's cost holds: made again after a worker crash
     * @param duplicatesCostUsd  what the priced ones of them cost (a lost call at the catalog's estimate); null when
     *                           none is priced
     * @param unpricedDuplicates duplicates whose cost is unknown, in no amount
     */
    public record VendorCalls(long billable, long duplicates, BigDecimal duplicatesCostUsd, long unpricedDuplicates) {

        static final VendorCalls NONE = new VendorCalls(0, 0, null, 0);

        VendorCalls plus(VendorCalls other) {
            BigDecimal cost = duplicatesCostUsd == null ? other.duplicatesCostUsd
                    : other.duplicatesCostUsd == null ? duplicatesCostUsd : duplicatesCostUsd.add(other.duplicatesCostUsd);
            return new VendorCalls(billable + other.billable, duplicates + other.duplicates, cost,
                    unpricedDuplicates + other.unpricedDuplicates);
        }
    }

    static CostReport of(LocalDate from, LocalDate to, CostGrouping grouping, String tenantId, List<Group> groups) {
        BigDecimal total = null;
        long attempts = 0;
        long failed = 0;
        long unknown = 0;
        long lost = 0;
        BigDecimal lostCost = null;
        long unpriced = 0;
        VendorCalls calls = VendorCalls.NONE;
        for (Group group : groups) {
            calls = calls.plus(group.vendorCalls());
            if (group.costUsd() != null) {
                total = total == null ? group.costUsd() : total.add(group.costUsd());
            }
            attempts += group.attempts();
            failed += group.failedAttempts();
            unknown += group.unknownCostAttempts();
            lost += group.lostVendorCalls();
            if (group.lostVendorCallsExpectedCostUsd() != null) {
                lostCost = lostCost == null ? group.lostVendorCallsExpectedCostUsd()
                        : lostCost.add(group.lostVendorCallsExpectedCostUsd());
            }
            unpriced += group.unpricedLostVendorCalls();
        }
        return new CostReport(from, to, grouping.wireName(), tenantId, total, attempts, failed, unknown, lost,
                lostCost, unpriced, calls, List.copyOf(groups));
    }

    /** The groups as CSV: one row each, the keys this report groups by first. */
    String csv(CostGrouping grouping) {
        List<String> header = new ArrayList<>(keys(grouping));
        header.addAll(List.of("cost_usd", "attempts", "failed_attempts", "unknown_cost_attempts",
                "lost_vendor_calls", "lost_vendor_calls_expected_cost_usd", "unpriced_lost_vendor_calls",
                "billable_vendor_calls", "duplicate_vendor_calls", "duplicate_vendor_calls_cost_usd",
                "unpriced_duplicate_vendor_calls"));
        Csv csv = new Csv(header);
        for (Group group : groups) {
            List<Object> row = new ArrayList<>();
            switch (grouping) {
                case PROVIDER -> row.add(group.provider());
                case MODEL -> {
                    row.add(group.provider());
                    row.add(group.model());
                }
                case TENANT -> row.add(group.tenantId());
                case DAY -> row.add(group.day());
                case OPERATION -> row.add(group.operation());
            }
            row.addAll(List.of(group.costUsd() == null ? "" : group.costUsd(), group.attempts(),
                    group.failedAttempts(), group.unknownCostAttempts(), group.lostVendorCalls(),
                    group.lostVendorCallsExpectedCostUsd() == null ? "" : group.lostVendorCallsExpectedCostUsd(),
                    group.unpricedLostVendorCalls()));
            VendorCalls calls = group.vendorCalls();
            row.addAll(List.of(calls.billable(), calls.duplicates(),
                    calls.duplicatesCostUsd() == null ? "" : calls.duplicatesCostUsd(), calls.unpricedDuplicates()));
            csv.row(row);
        }
        return csv.toString();
    }

    private static List<String> keys(CostGrouping grouping) {
        return switch (grouping) {
            case PROVIDER -> List.of("provider");
            case MODEL -> List.of("provider", "model");
            case TENANT -> List.of("tenant_id");
            case DAY -> List.of("day");
            case OPERATION -> List.of("operation");
        };
    }
}
