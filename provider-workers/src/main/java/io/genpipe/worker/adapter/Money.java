package io.genpipe.worker.adapter;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Costs in USD, kept to a hundred-millionth of a dollar: fine enough for per-token prices summed over millions of
 * calls.
 */
public final class Money {

    public static final int SCALE = 8;

    private Money() {
    }

    public static BigDecimal usd(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        // stripTrailingZeros turns 100 into 1E+2; keep plain numbers on the wire.
        return rounded.scale() < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
    }

    /** {@code count} units at {@code pricePerMillion} USD per million units. */
    public static BigDecimal perMillion(long count, BigDecimal pricePerMillion) {
        return pricePerMillion.multiply(BigDecimal.valueOf(count)).movePointLeft(6);
    }
}
