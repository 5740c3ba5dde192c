package io.genpipe.router.budget;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    private static final BigDecimal LIMIT = new BigDecimal("0.05");
    private static final BigDecimal CENT = new BigDecimal("0.01");

    @Test
    void reservationsAreHeldWhileTheSpentAndTheReservedAndTheNewOneFitTheLimit() {
        Ledger ledger = Ledger.empty("acme", "2026-12");
        for (int i = 1; i <= 5; i++) {
            ledger = held(ledger.reserve("d-" + i, CENT, LIMIT, null));
        }

        Ledger.Reservation sixth = ledger.reserve("d-6", CENT, LIMIT, null);

        assertThat(ledger.reservedUsd()).isEqualByComparingTo("0.05");
        assertThat(sixth).isInstanceOfSatisfying(Ledger.Reservation.Denied.class, denied ->
                assertThat(denied.reason()).isEqualTo("tenant acme's budget of $0.05 for 2026-12 cannot cover $0.01"
                        + " more: $0 spent, $0.05 reserved for attempts in flight"));
    }

    @Test
    void aReservationReadAgainIsHeldOnceAndASettlementReleasesItForWhatTheVendorBilled() {
        Ledger ledger = held(Ledger.empty("acme", "2026-12").reserve("d-1", CENT, LIMIT, null));
        Ledger again = held(ledger.reserve("d-1", CENT, LIMIT, null));

        Ledger settled = again.settle("d-1", new BigDecimal("0.002"));

        assertThat(again).isEqualTo(ledger);
        assertThat(settled.reservedUsd()).isZero();
        assertThat(settled.settledUsd()).isEqualByComparingTo("0.002");
        assertThat(settled.unknownCostAttempts()).isZero();
    }

    @Test
    void anAttemptWhoseCostIsUnknownCountsItsReservationAsSpentNeverZero() {
        Ledger settled = held(Ledger.empty("acme", "2026-12").reserve("d-1", CENT, LIMIT, null)).settle("d-1", null);

        assertThat(settled.settledUsd()).isEqualByComparingTo("0.01");
        assertThat(settled.unknownCostAttempts()).isEqualTo(1);
    }

    @Test
    void aNewPeriodStartsFromNothingSpentAndKeepsWhatIsInFlight() {
        Ledger december = held(Ledger.empty("acme", "2026-12").reserve("d-1", CENT, LIMIT, null))
                .settle("d-1", new BigDecimal("0.04"));
        december = held(december.reserve("d-2", CENT, LIMIT, null));

        Ledger january = december.in(BudgetSettings.Period.MONTH.of(Instant.parse("2027-01-01T00:00:00Z")));

        assertThat(january.period()).isEqualTo("2027-01");
        assertThat(january.settledUsd()).isZero();
        assertThat(january.reservedUsd()).isEqualByComparingTo("0.01");
        assertThat(BudgetSettings.Period.DAY.of(Instant.parse("2026-12-02T23:59:59Z"))).isEqualTo("2026-12-02");
    }

    @Test
    void theSinksRecordedSpendCountsWhenItKnowsMoreThanTheLedgerAndNeverTwice() {
        Ledger ledger = held(Ledger.empty("acme", "2026-12").reserve("d-1", CENT, LIMIT, null))
                .settle("d-1", new BigDecimal("0.02"));

        // The sink has billed $0.035 this month (spend from before this ledger): $0.035 + $0.01 + $0.01 > $0.05.
        ledger = held(ledger.reserve("d-2", CENT, LIMIT, new BigDecimal("0.035")));
        Ledger.Reservation over = ledger.reserve("d-3", CENT, LIMIT, new BigDecimal("0.035"));
        assertThat(over).isInstanceOfSatisfying(Ledger.Reservation.Denied.class, denied ->
                assertThat(denied.reason()).isEqualTo("tenant acme's budget of $0.05 for 2026-12 cannot cover $0.01"
                        + " more: $0.035 spent (as the results sink recorded it), $0.01 reserved for attempts in"
                        + " flight"));
        // The sink lags behind the ledger's $0.02: the ledger's own count holds, the two are not added.
        assertThat(ledger.reserve("d-3", CENT, LIMIT, new BigDecimal("0.01")))
                .isInstanceOf(Ledger.Reservation.Held.class);
    }

    private static Ledger held(Ledger.Reservation reservation) {
        assertThat(reservation).isInstanceOf(Ledger.Reservation.Held.class);
        return ((Ledger.Reservation.Held) reservation).ledger();
    }
}
