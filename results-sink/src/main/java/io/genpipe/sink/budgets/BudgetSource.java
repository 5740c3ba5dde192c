package io.genpipe.sink.budgets;

import java.util.Locale;

/**
 * Where a budget in force comes from, as the admin API says it ({@code configuration}, {@code operator}) and as the
 * {@code budgets} table stores it ({@code config}, {@code admin}: {@link Budget#source()}).
 */
enum BudgetSource {
    /** {@code genpipe.sink.budgets}, written at start-up. */
    CONFIGURATION(Budget.CONFIG),
    /** Set through the admin API: stands over the configuration until an admin deletes it. */
    OPERATOR(Budget.ADMIN);

    private final String column;

    BudgetSource(String column) {
        this.column = column;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String column() {
        return column;
    }

    static BudgetSource ofColumn(String column) {
        for (BudgetSource source : values()) {
            if (source.column.equals(column)) {
                return source;
            }
        }
        throw new IllegalArgumentException("budgets.source is neither config nor admin: " + column);
    }
}
