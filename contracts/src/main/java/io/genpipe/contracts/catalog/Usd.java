package io.genpipe.contracts.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of US dollars, kept to a hundred-millionth of a dollar: fine enough for per-token prices summed over
 * millions of calls, and never a {@code double}. On the wire it is a plain JSON number ({@code 0.0075}).
 */
public record Usd(BigDecimal amount) implements Comparable<Usd> {

    public static final int SCALE = 8;
    public static final Usd ZERO = new Usd(BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Usd {
        Objects.requireNonNull(amount, "amount");
        amount = amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    @JsonCreator
    public static Usd of(BigDecimal amount) {
        return new Usd(amount);
    }

    public static Usd of(String amount) {
        return new Usd(new BigDecimal(amount));
    }

    public Usd plus(Usd other) {
        return new Usd(amount.add(other.amount));
    }

    public Usd times(BigDecimal factor) {
        return new Usd(amount.multiply(factor));
    }

    public Usd times(long factor) {
        return times(BigDecimal.valueOf(factor));
    }

    /** This price per million units, for {@code units} units. */
    public Usd perMillion(long units) {
        return new Usd(amount.multiply(BigDecimal.valueOf(units)).divide(MILLION));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** The amount without trailing zeros and never in exponent form ({@code 0.0075}, {@code 2}, {@code 0}). */
    @JsonValue
    public BigDecimal plain() {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
    }

    /**
     * A stored or received amount as this type writes it ({@code 0.00750000} becomes {@code 0.0075}, {@code 10.00}
     * becomes {@code 10}); {@code null}, an unknown amount, stays {@code null}.
     */
    public static BigDecimal plainOrNull(BigDecimal amount) {
        return amount == null ? null : of(amount).plain();
    }

    @Override
    public int compareTo(Usd other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return "$" + plain().toPlainString();
    }
}
