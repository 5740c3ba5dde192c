package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.event.ImageRef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FalPricingTest {

    @Test
    void costsThePricePerMegapixelTimesTheMegapixelsOfAllImages() {
        List<ImageRef> twoImages = List.of(image(1024, 768), image(1024, 768));

        // 2 x 0.75 MP x $0.003
        assertThat(FalPricing.defaults().cost("fal-ai/flux/schnell", twoImages)).isEqualByComparingTo("0.0045");
        assertThat(FalPricing.defaults().cost("fal-ai/qwen-image", List.of(image(1024, 1024)))).isEqualByComparingTo("0.02");
    }

    @Test
    void aMegapixelIs1024By1024Pixels() {
        assertThat(FalPricing.defaults().cost("fal-ai/flux/schnell", List.of(image(2048, 2048)))).isEqualByComparingTo("0.012");
        assertThat(FalPricing.defaults().cost("fal-ai/flux/schnell", List.of(image(1000, 1000))))
                .isEqualByComparingTo("0.00286102"); // 0.95367 MP, rounded to 8 places
    }

    @Test
    void configuredPricesAddToAndOverrideTheBuiltInOnes() {
        FalPricing pricing = new FalPricing(Map.of("fal-ai/flux/schnell", new BigDecimal("0.004"),
                "fal-ai/fast-sdxl", new BigDecimal("0.001")));

        assertThat(pricing.cost("fal-ai/flux/schnell", List.of(image(1024, 1024)))).isEqualByComparingTo("0.004");
        assertThat(pricing.cost("fal-ai/fast-sdxl", List.of(image(1024, 1024)))).isEqualByComparingTo("0.001");
        assertThat(pricing.cost("fal-ai/qwen-image", List.of(image(1024, 1024)))).isEqualByComparingTo("0.02");
    }

    @Test
    void aSubPathOfAPricedModelUsesItsPrice() {
        assertThat(FalPricing.defaults().pricePerMegapixel("fal-ai/qwen-image/lora")).contains(new BigDecimal("0.02"));
    }

    @Test
    void aModelWithoutAPriceCostsZero() {
        assertThat(FalPricing.defaults().cost("fal-ai/unknown-model", List.of(image(1024, 1024)))).isEqualByComparingTo("0");
    }

    private static ImageRef image(int width, int height) {
        return new ImageRef("https://v3.fal.media/files/x.png", width, height, "image/png");
    }
}
