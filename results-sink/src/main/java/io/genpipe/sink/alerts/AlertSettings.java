package io.genpipe.sink.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * {@code genpipe.sink.alerts.*}: when alerts fire. Seed 001's thresholds are the defaults. Each window rule needs a
 * minimum sample inside its window before it says anything (so one failed job of one pages nobody); with fewer, the
 * alert keeps the state it had (neither fires nor clears).
 *
 * <p>These are the configuration's thresholds: in force until an admin sets others through
 * {@code /v1/admin/alerts/thresholds}, and again after a reset there, and what a change takes for the members it
 * leaves out ({@link AlertThresholds} is what the evaluator judges by). {@code evaluateEvery} is configuration only.
 *
 * @param evaluateEvery how often the window rules, the primary provider and the current budgets are evaluated
 *                      (budgets are also checked after every transaction that records costs)
 * @param budgetPercent the shares of a budget at which its alerts fire, in percent
 */
@ConfigurationProperties("genpipe.sink.alerts")
public record AlertSettings(@DefaultValue("30s") Duration evaluateEvery,
                            @DefaultValue({"50", "80", "100"}) List<Integer> budgetPercent,
                            @DefaultValue SuccessRate successRate,
                            @DefaultValue AverageTime averageTime,
                            @DefaultValue CostPerImage costPerImage,
                            @DefaultValue PrimaryDown primaryDown) {

    public AlertSettings {
        budgetPercent = List.copyOf(budgetPercent);
        if (budgetPercent.stream().anyMatch(p -> p == null || p < 1)) {
            throw new IllegalArgumentException("genpipe.sink.alerts.budget-percent must be above 0, was "
                    + budgetPercent);
        }
        if (evaluateEvery.isNegative() || evaluateEvery.isZero()) {
            throw new IllegalArgumentException("genpipe.sink.alerts.evaluate-every must be above 0");
        }
    }

    /** The configured budget thresholds as fractions: 50 is 0.5. */
    public List<BigDecimal> budgetFractions() {
        return AlertThresholds.of(this).budgetFractions();
    }

    /**
     * Fires when the share of attempts that succeeded over the window is under {@code below}.
     *
     * @param minAttempts attempts the window must hold before the rate is judged
     */
    public record SuccessRate(@DefaultValue("true") boolean enabled, @DefaultValue("0.90") BigDecimal below,
                              @DefaultValue("10m") Duration window, @DefaultValue("20") int minAttempts) {
    }

    /** Fires when the attempts' average vendor time over the window is over {@code above}. */
    public record AverageTime(@DefaultValue("true") boolean enabled, @DefaultValue("15s") Duration above,
                              @DefaultValue("10m") Duration window, @DefaultValue("20") int minAttempts) {
    }

    /**
     * Fires when the known cost per delivered image over the window is over {@code usd} per {@code images} images
     * (seed 001: $1.50 per 23 images, so $0.0652 per image).
     *
     * @param minImages images the window must hold before the cost is judged: by default one session of 23
     */
    public record CostPerImage(@DefaultValue("true") boolean enabled, @DefaultValue("1.50") BigDecimal usd,
                               @DefaultValue("23") int images, @DefaultValue("10m") Duration window,
                               @DefaultValue("23") int minImages) {

        public BigDecimal perImage() {
            return usd.divide(BigDecimal.valueOf(images), 8, RoundingMode.HALF_EVEN);
        }
    }

    /**
     * Fires when the primary provider has been down for longer than {@code after}: every live worker says DOWN, or
     * none reports on it at all (silence is not health).
     *
     * @param provider the primary provider; empty for the first of the catalog's text-to-image route
     */
    public record PrimaryDown(@DefaultValue("true") boolean enabled, @DefaultValue("") String provider,
                              @DefaultValue("5m") Duration after) {
    }
}
