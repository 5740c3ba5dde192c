package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 001's thresholds and the budget ones, from figures alone. */
class RulesTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final AlertSettings.SuccessRate SUCCESS = new AlertSettings.SuccessRate(true,
            new BigDecimal("0.90"), TEN_MINUTES, 20);
    private static final AlertSettings.AverageTime TIME = new AlertSettings.AverageTime(true, Duration.ofSeconds(15),
            TEN_MINUTES, 20);
    private static final AlertSettings.CostPerImage COST = new AlertSettings.CostPerImage(true,
            new BigDecimal("1.50"), 23, TEN_MINUTES, 23);

    @Test
    void successRateUnderNinetyPercentIsBreachedAndNinetyIsNot() {
        assertThat(Rules.successRate(figures(20, 17, 1_000L, "0", 0, 17), SUCCESS))
                .isInstanceOfSatisfying(Verdict.Breached.class, breached -> {
                    assertThat(breached.observed()).isEqualByComparingTo("0.85");
                    assertThat(breached.sample()).isEqualTo(20);
                    assertThat(breached.message()).isEqualTo("provider:fal: success rate 85% over the last 10m "
                            + "(17 of 20 attempts), under 90%");
                });
        assertThat(Rules.successRate(figures(20, 18, 1_000L, "0", 0, 18), SUCCESS)).isInstanceOf(Verdict.Within.class);
    }

    @Test
    void oneFailedJobOfOnePagesNobody() {
        assertThat(Rules.successRate(figures(1, 0, 1_000L, "0", 0, 0), SUCCESS)).isInstanceOf(Verdict.Undecided.class);
        assertThat(Rules.successRate(figures(19, 0, 1_000L, "0", 0, 0), SUCCESS)).isInstanceOf(Verdict.Undecided.class);
        assertThat(Rules.averageTime(figures(19, 19, 60_000L, "0", 0, 19), TIME)).isInstanceOf(Verdict.Undecided.class);
    }

    @Test
    void averageTimeOverFifteenSecondsIsBreached() {
        assertThat(Rules.averageTime(figures(20, 20, 15_001L, "0", 0, 20), TIME))
                .isInstanceOfSatisfying(Verdict.Breached.class,
                        b -> assertThat(b.observed()).isEqualByComparingTo("15001"));
        assertThat(Rules.averageTime(figures(20, 20, 15_000L, "0", 0, 20), TIME)).isInstanceOf(Verdict.Within.class);
    }

    @Test
    void costOverOneFiftyPerTwentyThreeImagesIsBreached() {
        assertThat(COST.perImage()).isEqualByComparingTo("0.06521739");
        // 23 images for $1.50 is exactly the limit; for $1.51 it is over.
        assertThat(Rules.costPerImage(figures(23, 23, 1_000L, "1.50", 0, 23), COST)).isInstanceOf(Verdict.Within.class);
        assertThat(Rules.costPerImage(figures(23, 23, 1_000L, "1.51", 0, 23), COST))
                .isInstanceOfSatisfying(Verdict.Breached.class, b -> assertThat(b.message())
                        .contains("$0.06565217 per image", "$1.51 for 23 images", "over $1.5 per 23 images"));
        assertThat(Rules.costPerImage(figures(30, 22, 1_000L, "9", 0, 22), COST))
                .as("fewer images than one session").isInstanceOf(Verdict.Undecided.class);
    }

    @Test
    void anUnknownCostIsNotZero() {
        // The known cost alone is over: over, whatever the rest cost.
        assertThat(Rules.costPerImage(figures(23, 23, 1_000L, "2", 1, 23), COST)).isInstanceOf(Verdict.Breached.class);
        // Under, with some unknown: it cannot be said to be under.
        assertThat(Rules.costPerImage(figures(23, 23, 1_000L, "0.10", 1, 23), COST))
                .isInstanceOf(Verdict.Undecided.class);
    }

    @Test
    void aPrimaryProviderNobodyReportsOnIsNotHealthy() {
        assertThat(Rules.primaryDown("fal", new ProviderStatus(ProviderStatus.Status.UNKNOWN,
                "no live worker reports on it", 0))).isInstanceOf(Verdict.Breached.class);
        assertThat(Rules.primaryDown("fal", new ProviderStatus(ProviderStatus.Status.DOWN, "circuit open", 2)))
                .isInstanceOf(Verdict.Breached.class);
        assertThat(Rules.primaryDown("fal", new ProviderStatus(ProviderStatus.Status.UP, "", 2)))
                .isInstanceOf(Verdict.Within.class);
    }

    @Test
    void eachBudgetThresholdIsReachedAtItsShare() {
        List<BigDecimal> thresholds = new AlertSettings(Duration.ofSeconds(30), List.of(100, 50, 80), SUCCESS, TIME,
                COST, new AlertSettings.PrimaryDown(true, "", Duration.ofMinutes(5))).budgetFractions();
        assertThat(thresholds).extracting(BigDecimal::toPlainString).containsExactly("0.5", "0.8", "1");

        SpendSnapshot eightyPercent = SpendSnapshot.of(SpendScope.TENANT, "studio-north", BudgetPeriod.DAY,
                LocalDate.parse("2026-12-01"), new BigDecimal("8"), 2, new BigDecimal("10"), Instant.EPOCH);
        assertThat(Rules.budget(eightyPercent, new BigDecimal("0.5"))).isInstanceOf(Verdict.Breached.class);
        assertThat(Rules.budget(eightyPercent, new BigDecimal("0.8")))
                .isInstanceOfSatisfying(Verdict.Breached.class, b -> assertThat(b.message()).isEqualTo(
                        "tenant studio-north: $8 and 2 calls of unknown cost of its day budget of $10 (80%) for "
                                + "2026-12-01, at least 80%"));
        assertThat(Rules.budget(eightyPercent, BigDecimal.ONE)).isInstanceOf(Verdict.Within.class);
    }

    private static Rules.WindowFigures figures(long attempts, long succeeded, Long averageMs, String knownCost,
                                               long unknown, long images) {
        return new Rules.WindowFigures("provider:fal", TEN_MINUTES, attempts, succeeded, averageMs,
                new BigDecimal(knownCost), unknown, images);
    }
}
