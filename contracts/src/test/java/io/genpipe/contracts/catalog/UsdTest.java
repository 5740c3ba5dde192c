package io.genpipe.contracts.catalog;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class UsdTest {

    @Test
    void keepsAHundredMillionthOfADollarAndRoundsHalfUpBelowIt() {
        assertThat(Usd.of("0.000000005").plain().toPlainString()).isEqualTo("0.00000001");
        assertThat(Usd.of("0.000000004").plain()).hasToString("0");
        assertThat(Usd.of("5").perMillion(1)).isEqualTo(Usd.of("0.000005"));
    }

    @Test
    void dropsTheStorageScaleOfAnAmountAndKeepsWholeAmountsWhole() {
        assertThat(Usd.plainOrNull(new BigDecimal("0.00750000"))).hasToString("0.0075");
        assertThat(Usd.plainOrNull(new BigDecimal("10.00000000"))).hasToString("10");
        assertThat(Usd.plainOrNull(new BigDecimal("0E-8"))).hasToString("0");
        assertThat(Usd.of("0.003").toString()).isEqualTo("$0.003");
    }

    @Test
    void leavesAnUnknownAmountUnknown() {
        assertThat(Usd.plainOrNull(null)).isNull();
    }
}
