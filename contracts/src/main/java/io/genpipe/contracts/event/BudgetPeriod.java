package io.genpipe.contracts.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/** The calendar period a budget limits and a {@link SpendSnapshot} adds up: a UTC day or a UTC month. */
public enum BudgetPeriod {
    @JsonProperty("day")
    DAY("day"),
    @JsonProperty("month")
    MONTH("month");

    private final String wireName;

    BudgetPeriod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The first day of the period that {@code day} is in. */
    public LocalDate startOf(LocalDate day) {
        return this == DAY ? day : day.withDayOfMonth(1);
    }

    /** The last day of the period that starts on {@code start}, inclusive. */
    public LocalDate lastDay(LocalDate start) {
        return this == DAY ? start : start.with(TemporalAdjusters.lastDayOfMonth());
    }

    public boolean isStart(LocalDate day) {
        return startOf(day).equals(day);
    }

    public static Optional<BudgetPeriod> fromWireName(String name) {
        for (BudgetPeriod period : values()) {
            if (period.wireName.equals(name)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }
}
