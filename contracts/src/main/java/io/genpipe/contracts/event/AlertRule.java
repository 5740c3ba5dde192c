package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * What an alert watches. Each rule says in what unit its {@code threshold} and {@code observed} are.
 */
public enum AlertRule {
    /** Spend of a budget's scope and period reached a fraction of the budget (threshold 0.5 is 50 %). */
    @JsonProperty("budget")
    BUDGET("budget"),
    /** Attempts that succeeded over a window, as a fraction, fell under the threshold (seed 001: 0.9 for 10 min). */
    @JsonProperty("success-rate")
    SUCCESS_RATE("success-rate"),
    /** Attempts' average vendor time over a window, in milliseconds, rose over the threshold (seed 001: 15000). */
    @JsonProperty("average-time")
    AVERAGE_TIME("average-time"),
    /** Known cost per delivered image over a window, in USD, rose over the threshold (seed 001: 1.50 / 23). */
    @JsonProperty("cost-per-image")
    COST_PER_IMAGE("cost-per-image"),
    /** The primary provider had no live worker able to call it for longer than the threshold, in seconds. */
    @JsonProperty("primary-provider-down")
    PRIMARY_PROVIDER_DOWN("primary-provider-down");

    private final String wireName;

    AlertRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AlertRule> fromWireName(String name) {
        for (AlertRule rule : values()) {
            if (rule.wireName.equals(name)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
