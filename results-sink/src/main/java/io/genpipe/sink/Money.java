package io.genpipe.sink;

import java.math.BigDecimal;

/**
 * How amounts of USD leave the sink. PostgreSQL hands them back at the column's scale (numeric(18,8):
 * {@code 0.00750000}); responses strip the trailing zeros instead ({@code 0.0075}, {@code 2}, {@code 0}) so that
 * a reader sees the amount the vendor billed, not the storage format. Never a double.
 */
public final class Money {

    private Money() {
    }

    /** The same amount with no trailing zeros and never a negative scale ({@code 10}, not {@code 1E+1}); null stays null. */
    public static BigDecimal normalised(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
