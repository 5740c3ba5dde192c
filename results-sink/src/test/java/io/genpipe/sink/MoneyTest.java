package io.genpipe.sink;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {

    @Test
    void dropsTheStorageScaleOfAnAmount() {
        assertThat(Money.normalised(new BigDecimal("0.00750000"))).hasToString("0.0075");
        assertThat(Money.normalised(new BigDecimal("0.04000000"))).hasToString("0.04");
    }

    @Test
    void keepsWholeAmountsWhole() {
        assertThat(Money.normalised(new BigDecimal("10.00000000"))).hasToString("10");
        assertThat(Money.normalised(new BigDecimal("0E-8"))).hasToString("0");
    }

    @Test
    void keepsTheSmallestStoredAmount() {
        assertThat(Money.normalised(new BigDecimal("0.00000001"))).isEqualByComparingTo("1E-8")
                .extracting(BigDecimal::toPlainString).isEqualTo("0.00000001");
    }

    @Test
    void leavesAnUnknownAmountUnknown() {
        assertThat(Money.normalised(null)).isNull();
    }
}
