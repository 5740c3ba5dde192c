package io.genpipe.contracts.catalog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of size rules and prices that must hold for any model the catalog may describe. */
class SizeAndPriceRulesTest {

    @Property
    void aRangedRuleSendsOnlySizesItAdmits(@ForAll("rules") SizeRule.Ranged rule, @ForAll("sizes") Size asked) {
        Optional<Size> sent = rule.fit(asked);

        sent.ifPresent(size -> {
            assertThat(rule.violation(size)).isEmpty();
            if (!rule.presets().contains(size)) {
                assertThat(size.width() % rule.multipleOf()).isZero();
                assertThat(size.height() % rule.multipleOf()).isZero();
                assertThat(Math.max(size.width(), size.height())).isLessThanOrEqualTo(rule.maxSide());
                assertThat(size.pixels()).isLessThanOrEqualTo(rule.largest().pixels());
                assertThat(size.aspect()).isLessThanOrEqualTo(rule.maxAspect() + 1e-9);
                // Rounding to the multiple moves a side by at most half of it (a side below the multiple becomes
                // the multiple): never a silent downgrade.
                if (asked.width() >= rule.multipleOf()) {
                    assertThat(Math.abs(size.width() - asked.width())).isLessThanOrEqualTo(rule.multipleOf() / 2);
                }
            }
        });
        assertThat(sent.isPresent()).isEqualTo(rule.violation(asked).isEmpty());
    }

    @Property
    void anAdmittedSizeIsSentAsItIs(@ForAll("rules") SizeRule.Ranged rule, @ForAll("sizes") Size asked) {
        rule.fit(asked).ifPresent(sent -> assertThat(rule.fit(sent)).contains(sent));
    }

    @Property
    void aRuleThatSaysItAdmitsSomeSizeAdmitsItsSmallest(@ForAll("rules") SizeRule.Ranged rule) {
        int side = (rule.minSide() + rule.multipleOf() - 1) / rule.multipleOf() * rule.multipleOf();
        if (rule.admitsAnySize()) {
            assertThat(rule.fit(new Size(side, side))).isPresent();
        }
    }

    @Property
    void pricesAreNeverNegativeAndGrowWithPixelsAndCount(@ForAll("pricings") Pricing pricing,
                                                         @ForAll("sizes") Size size,
                                                         @ForAll @IntRange(min = 1, max = 10) int count) {
        Size larger = new Size(size.width() * 2, size.height());
        Optional<Usd> one = pricing.estimate(new PriceQuery(size, count, "low", 100, Duration.ofSeconds(3)));
        Optional<Usd> more = pricing.estimate(new PriceQuery(size, count + 1, "low", 100, Duration.ofSeconds(3)));
        Optional<Usd> bigger = pricing.estimate(new PriceQuery(larger, count, "low", 100, Duration.ofSeconds(3)));

        assertThat(one).hasValueSatisfying(usd -> assertThat(usd.isNegative()).isFalse());
        assertThat(more.orElseThrow()).isGreaterThanOrEqualTo(one.orElseThrow());
        assertThat(bigger.orElseThrow()).isGreaterThanOrEqualTo(one.orElseThrow());
        Optional<Usd> billed = pricing.bill(Usage.ofImages(List.of(size), "low").withTokens(10L, 0L, 500L)
                .withGpuSeconds(BigDecimal.ONE).withCredits(BigDecimal.TEN));
        assertThat(billed).hasValueSatisfying(usd -> assertThat(usd.isNegative()).isFalse());
    }

    @Provide
    Arbitrary<Size> sizes() {
        return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.integers().between(1, 5000))
                .as(Size::new);
    }

    @Provide
    Arbitrary<SizeRule.Ranged> rules() {
        Arbitrary<Integer> multiple = Arbitraries.of(1, 8, 16, 64);
        Arbitrary<Integer> minSide = Arbitraries.integers().between(1, 1024);
        Arbitrary<Size> largest = Combinators.combine(Arbitraries.integers().between(64, 4096),
                Arbitraries.integers().between(64, 4096)).as(Size::new);
        Arbitrary<Double> aspect = Arbitraries.doubles().between(1, 5);
        return Combinators.combine(multiple, minSide, largest, aspect)
                .as((m, min, max, a) -> new SizeRule.Ranged(m, min, max, a, List.of()));
    }

    @Provide
    Arbitrary<Pricing> pricings() {
        Arbitrary<Usd> price = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5"))
                .ofScale(6).map(Usd::of);
        Map<String, Map<Size, Long>> tokens = Map.of("low", Map.of(new Size(1024, 1024), 272L,
                new Size(1536, 1024), 400L, new Size(1024, 1536), 408L));
        return Arbitraries.oneOf(
                price.map(Pricing.PerMegapixel::new),
                price.map(p -> new Pricing.PerImage(Map.of("any", p))),
                price.map(p -> new Pricing.PerToken(p, p, p.plus(Usd.of("1")), tokens)),
                price.map(Pricing.PerGpuSecond::new),
                price.map(p -> new Pricing.PerCredit(p, new BigDecimal("4"))));
    }
}
