package io.genpipe.contracts.catalog;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each pricing model reproduces the published examples of vendor-apis.md (dated; vendors change prices). */
class PricingTest {

    private static final Size SQUARE = new Size(1024, 1024);
    private static final Map<String, Map<Size, Long>> GPT_IMAGE_1_TOKENS = Map.of(
            "low", Map.of(SQUARE, 272L, new Size(1024, 1536), 408L, new Size(1536, 1024), 400L),
            "medium", Map.of(SQUARE, 1056L, new Size(1024, 1536), 1584L, new Size(1536, 1024), 1568L),
            "high", Map.of(SQUARE, 4160L, new Size(1024, 1536), 6240L, new Size(1536, 1024), 6208L));

    @Test
    void fluxSchnellCostsThreeTenthsOfACentPerMegapixel() {
        Pricing flux = new Pricing.PerMegapixel(Usd.of("0.003"));

        assertThat(flux.bill(Usage.ofImages(List.of(SQUARE), null))).contains(Usd.of("0.003"));
        assertThat(flux.bill(Usage.ofImages(List.of(new Size(1024, 768), new Size(1024, 768)), null)))
                .contains(Usd.of("0.0045"));
        assertThat(flux.estimate(query(SQUARE, 23, "low"))).contains(Usd.of("0.069"));
    }

    @Test
    void gptImage26SunburstBillsTheTokensOpenAiReports() {
        Pricing sunburst = new Pricing.PerToken(Usd.of("5"), Usd.of("8"), Usd.of("30"), GPT_IMAGE_1_TOKENS);

        Usage usage = Usage.ofImages(List.of(SQUARE), "medium").withTokens(50L, 0L, 1056L);

        // 50 × $5/M + 1056 × $30/M
        assertThat(sunburst.bill(usage)).contains(Usd.of("0.03193"));
        assertThat(sunburst.bill(Usage.ofImages(List.of(SQUARE), "medium").withTokens(50L, 1000L, 1056L)))
                .contains(Usd.of("0.03993"));
    }

    @Test
    void gptImage1EstimatesReproduceThePublishedPerImageFigures() {
        Pricing gptImage1 = new Pricing.PerToken(Usd.of("5"), Usd.of("10"), Usd.of("40"), GPT_IMAGE_1_TOKENS);

        // About $0.011 / $0.042 / $0.167 at 1024², $0.016 / $0.063 / $0.25 rectangular (output tokens only).
        assertThat(outputOnly(gptImage1, SQUARE, "low")).isEqualTo(Usd.of("0.01088"));
        assertThat(outputOnly(gptImage1, SQUARE, "medium")).isEqualTo(Usd.of("0.04224"));
        assertThat(outputOnly(gptImage1, SQUARE, "high")).isEqualTo(Usd.of("0.1664"));
        assertThat(outputOnly(gptImage1, new Size(1024, 1536), "low")).isEqualTo(Usd.of("0.01632"));
        assertThat(outputOnly(gptImage1, new Size(1536, 1024), "high")).isEqualTo(Usd.of("0.24832"));
    }

    @Test
    void aSizeTheTokenTableDoesNotListScalesTheNearestAspectByArea() {
        Pricing.PerToken tokens = new Pricing.PerToken(Usd.of("5"), Usd.of("8"), Usd.of("30"), GPT_IMAGE_1_TOKENS);

        assertThat(tokens.outputTokensPerImage(new Size(2048, 2048), "low")).contains(272L * 4);
        assertThat(tokens.outputTokensPerImage(new Size(2048, 3072), "low")).contains(408L * 4);
    }

    @Test
    void aTokenPriceCannotBillACallWhoseTokensWereNotReported() {
        Pricing tokens = new Pricing.PerToken(Usd.of("5"), Usd.of("8"), Usd.of("30"), GPT_IMAGE_1_TOKENS);

        assertThat(tokens.bill(Usage.ofImages(List.of(SQUARE), "low"))).isEmpty();
    }

    @Test
    void gptImage1MiniHasAPerImageTableBySizeAndQuality() {
        Pricing mini = new Pricing.PerImage(Map.of(
                "low-1024x1024", Usd.of("0.005"), "medium-1024x1024", Usd.of("0.011"), "high-1024x1024",
                Usd.of("0.036"), "low", Usd.of("0.006"), "medium", Usd.of("0.015"), "high", Usd.of("0.052")));

        assertThat(mini.bill(Usage.ofImages(List.of(SQUARE), "low"))).contains(Usd.of("0.005"));
        assertThat(mini.bill(Usage.ofImages(List.of(new Size(1536, 1024)), "medium"))).contains(Usd.of("0.015"));
        assertThat(mini.estimate(query(SQUARE, 2, "high"))).contains(Usd.of("0.072"));
        assertThat(mini.bill(Usage.ofImages(List.of(SQUARE), "xhigh"))).as("no price for that quality").isEmpty();
    }

    @Test
    void replicateFluxSchnellCostsAFlatPricePerImage() {
        Pricing flat = new Pricing.PerImage(Map.of("any", Usd.of("0.003")));

        assertThat(flat.bill(Usage.ofImages(List.of(SQUARE, SQUARE, SQUARE), null))).contains(Usd.of("0.009"));
        assertThat(flat.describe()).isEqualTo("$0.003 per image");
    }

    @Test
    void huggingFaceBillsComputeTimeTimesTheHardwarePrice() {
        Pricing gpu = new Pricing.PerGpuSecond(Usd.of("0.00012"));

        // "10 s at $0.00012/s = $0.0012"
        assertThat(gpu.bill(Usage.ofImages(List.of(SQUARE), null).withGpuSeconds(BigDecimal.TEN)))
                .contains(Usd.of("0.0012"));
        assertThat(gpu.estimate(new PriceQuery(SQUARE, 1, null, 10, Duration.ofSeconds(10))))
                .contains(Usd.of("0.0012"));
        assertThat(gpu.bill(Usage.ofImages(List.of(SQUARE), null))).as("no GPU time reported").isEmpty();
    }

    @Test
    void stabilityUltraCostsEightCreditsOfACentEach() {
        Pricing ultra = new Pricing.PerCredit(Usd.of("0.01"), new BigDecimal("8"));

        assertThat(ultra.estimate(query(SQUARE, 1, null))).contains(Usd.of("0.08"));
        assertThat(ultra.bill(Usage.ofImages(List.of(SQUARE), null))).contains(Usd.of("0.08"));
    }

    @Test
    void leonardoBillsTheCreditsItReportsAndCannotEstimateWithoutAPublishedRate() {
        Pricing leonardo = new Pricing.PerCredit(Usd.of("0.0009"), null);

        assertThat(leonardo.bill(Usage.ofImages(List.of(SQUARE), null).withCredits(new BigDecimal("11"))))
                .contains(Usd.of("0.0099"));
        assertThat(leonardo.bill(Usage.ofImages(List.of(SQUARE), null))).isEmpty();
        assertThat(leonardo.estimate(query(SQUARE, 1, null))).isEmpty();
    }

    private static Usd outputOnly(Pricing pricing, Size size, String quality) {
        return pricing.bill(Usage.ofImages(List.of(size), quality).withTokens(0L, 0L,
                ((Pricing.PerToken) pricing).outputTokensPerImage(size, quality).orElseThrow())).orElseThrow();
    }

    private static PriceQuery query(Size size, int count, String quality) {
        return new PriceQuery(size, count, quality, 40, Duration.ofSeconds(2));
    }
}
