package io.genpipe.sink.alerts;

import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Seed 001's rules and the budget thresholds, as pure functions of their figures: each says whether the threshold is
 * crossed, and in words what was seen. No clock, no database: {@code RulesTest} checks them with figures alone.
 */
final class Rules {

    private Rules() {
    }

    /**
     * What the attempts that finished in one window came to, for one provider or all of them.
     *
     * @param scope            {@code provider:<name>} or {@code all}
     * @param averageLatencyMs null without attempts
     * @param knownCostUsd     the known cost of the window's attempts of jobs that make images (failed ones
     *                         included, trainings' not)
     * @param unknownCostCalls those attempts whose cost is unknown, and their vendor calls lost in a crash
     * @param images           images delivered by the window's successful attempts
     */
    record WindowFigures(String scope, Duration window, long attempts, long succeeded, Long averageLatencyMs,
                         BigDecimal knownCostUsd, long unknownCostCalls, long images) {
    }

    /** Seed 001: success rate under 90% for 10 minutes (the share of the window's attempts that succeeded). */
    static Verdict successRate(WindowFigures f, AlertSettings.SuccessRate rule) {
        if (f.attempts() < rule.minAttempts()) {
            return new Verdict.Undecided(f.attempts() + " attempts in " + text(f.window()) + ", fewer than "
                    + rule.minAttempts());
        }
        BigDecimal rate = BigDecimal.valueOf(f.succeeded()).divide(BigDecimal.valueOf(f.attempts()), 4,
                RoundingMode.HALF_EVEN);
        String seen = f.scope() + ": success rate " + percent(rate) + " over the last " + text(f.window()) + " ("
                + f.succeeded() + " of " + f.attempts() + " attempts)";
        return rate.compareTo(rule.below()) < 0
                ? new Verdict.Breached(rate, f.attempts(), seen + ", under " + percent(rule.below()))
                : new Verdict.Within(rate, seen + ", not under " + percent(rule.below()));
    }

    /** Seed 001: average time over 15 seconds for 10 minutes (the attempts' vendor time, as in /v1/stats). */
    static Verdict averageTime(WindowFigures f, AlertSettings.AverageTime rule) {
        if (f.attempts() < rule.minAttempts() || f.averageLatencyMs() == null) {
            return new Verdict.Undecided(f.attempts() + " attempts in " + text(f.window()) + ", fewer than "
                    + rule.minAttempts());
        }
        long limit = rule.above().toMillis();
        String seen = f.scope() + ": average time " + f.averageLatencyMs() + " ms over the last " + text(f.window())
                + " (" + f.attempts() + " attempts)";
        return f.averageLatencyMs() > limit
                ? new Verdict.Breached(BigDecimal.valueOf(f.averageLatencyMs()), f.attempts(),
                seen + ", over " + limit + " ms")
                : new Verdict.Within(BigDecimal.valueOf(f.averageLatencyMs()), seen + ", not over " + limit + " ms");
    }

    /**
     * Seed 001: cost over $1.50 per 23 images, read as the known cost of the window's attempts (failed ones
     * included: they are billed too) per image delivered, over $1.50 / 23 = $0.0652. A cost nobody knows is not $0:
     * while some are unknown the known cost is a lower bound, so it can show the threshold crossed but never that it
     * is not (undecided).
     */
    static Verdict costPerImage(WindowFigures f, AlertSettings.CostPerImage rule) {
        if (f.images() < rule.minImages()) {
            return new Verdict.Undecided(f.images() + " images in " + text(f.window()) + ", fewer than "
                    + rule.minImages());
        }
        BigDecimal perImage = f.knownCostUsd().divide(BigDecimal.valueOf(f.images()), 8, RoundingMode.HALF_EVEN);
        BigDecimal limit = rule.perImage();
        String unknown = f.unknownCostCalls() == 0 ? "" : ", " + f.unknownCostCalls() + " calls of unknown cost";
        String seen = f.scope() + ": $" + plain(perImage) + " per image over the last " + text(f.window()) + " ($"
                + plain(f.knownCostUsd()) + " for " + f.images() + " images" + unknown + ")";
        if (perImage.compareTo(limit) > 0) {
            return new Verdict.Breached(perImage, f.images(), seen + ", over $" + plain(rule.usd()) + " per "
                    + rule.images() + " images");
        }
        if (f.unknownCostCalls() > 0) {
            return new Verdict.Undecided(seen + ": the known cost is under the limit, the rest is unknown");
        }
        return new Verdict.Within(perImage, seen + ", not over $" + plain(rule.usd()) + " per " + rule.images()
                + " images");
    }

    /**
     * The primary provider is down when no live worker can call it: every live one says DOWN, or none reports on it
     * (silence is not health). How long it must stay so is the alert's sustain time; the observed figure is 0 here
     * and becomes the seconds down when it fires.
     */
    static Verdict primaryDown(String provider, ProviderStatus status) {
        return switch (status.status()) {
            case UP -> new Verdict.Within(BigDecimal.ZERO, provider + " is up again");
            case DOWN -> new Verdict.Breached(BigDecimal.ZERO, null, provider + " (primary) is down: "
                    + status.reason());
            case UNKNOWN -> new Verdict.Breached(BigDecimal.ZERO, null, provider + " (primary) is not known to be up: "
                    + status.reason());
        };
    }

    /**
     * A budget's threshold: the period's known spend reached {@code fraction} of the budget. Costs nobody knows can
     * only add to it, so known spend over the threshold is a crossing whatever they are.
     */
    static Verdict budget(SpendSnapshot snapshot, BigDecimal fraction) {
        BigDecimal share = snapshot.fractionOfBudget();
        String unknown = snapshot.unknownCostCalls() == 0 ? ""
                : " and " + snapshot.unknownCostCalls() + " calls of unknown cost";
        String seen = snapshot.scope().wireName() + " " + snapshot.name() + ": $" + plain(snapshot.spentUsd())
                + unknown + " of its " + snapshot.period().wireName() + " budget of $" + plain(snapshot.budgetUsd())
                + " (" + percent(share) + ") for " + snapshot.periodStart();
        return share.compareTo(fraction) >= 0
                ? new Verdict.Breached(share, null, seen + ", at least " + percent(fraction))
                : new Verdict.Within(share, seen + ", under " + percent(fraction));
    }

    /** 0.8 as "80%", 0.6667 as "66.67%". */
    static String percent(BigDecimal fraction) {
        return plain(fraction.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN)) + "%";
    }

    static String text(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
    }

    private static String plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped).toPlainString();
    }
}
