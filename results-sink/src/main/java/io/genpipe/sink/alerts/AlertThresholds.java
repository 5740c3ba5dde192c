package io.genpipe.sink.alerts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The thresholds the evaluator judges by: {@code genpipe.sink.alerts.*} ({@link AlertSettings}) until an admin sets
 * others through {@code PUT /v1/admin/alerts/thresholds}. Each rule keeps the configuration's record type, so
 * {@link Rules} reads the same figures whichever set them.
 *
 * @param budgetPercent the shares of a budget at which its alerts fire, in percent
 */
record AlertThresholds(List<Integer> budgetPercent, AlertSettings.SuccessRate successRate,
                       AlertSettings.AverageTime averageTime, AlertSettings.CostPerImage costPerImage,
                       AlertSettings.PrimaryDown primaryDown) {

    AlertThresholds {
        budgetPercent = List.copyOf(budgetPercent);
        Objects.requireNonNull(successRate, "successRate");
        Objects.requireNonNull(averageTime, "averageTime");
        Objects.requireNonNull(costPerImage, "costPerImage");
        Objects.requireNonNull(primaryDown, "primaryDown");
    }

    /** The configuration's thresholds: what is in force while no admin changed them, and after a reset. */
    static AlertThresholds of(AlertSettings settings) {
        return new AlertThresholds(settings.budgetPercent(), settings.successRate(), settings.averageTime(),
                settings.costPerImage(), settings.primaryDown());
    }

    /** The budget thresholds as fractions, lowest first, each once: 50 is 0.5. */
    List<BigDecimal> budgetFractions() {
        return budgetPercent.stream().sorted().distinct()
                .map(p -> BigDecimal.valueOf(p).movePointLeft(2).stripTrailingZeros()).toList();
    }
}
