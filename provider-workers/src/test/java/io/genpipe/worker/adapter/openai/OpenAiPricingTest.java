package io.genpipe.worker.adapter.openai;

import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ProviderSettings.TokenPrices;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiPricingTest {

    @Test
    void costsEachKindOfTokenAtItsPricePerMillion() {
        // gpt-image-1: text in $5/M, image in $10/M, image out $40/M. One low-quality 1024x1024 image is 272 tokens.
        var usage = VendorJson.parse("{\"total_tokens\":290,\"input_tokens\":18,\"output_tokens\":272,"
                + "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":8}}");

        BigDecimal cost = OpenAiPricing.defaults().cost("gpt-image-1", usage);

        // 10 x 5 + 8 x 10 + 272 x 40 = 11010 micro-dollars
        assertThat(cost).isEqualByComparingTo("0.01101");
    }

    @Test
    void countsAllInputAsTextWhenTheSplitIsMissing() {
        var usage = VendorJson.parse("{\"input_tokens\":20,\"output_tokens\":400}");

        assertThat(OpenAiPricing.defaults().cost("gpt-image-1", usage)).isEqualByComparingTo("0.0161");
    }

    @Test
    void configuredPricesOverrideTheBuiltInOnes() {
        var pricing = new OpenAiPricing(Map.of("gpt-image-1",
                new TokenPrices(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("20"))));
        var usage = VendorJson.parse("{\"input_tokens\":0,\"output_tokens\":1000000}");

        assertThat(pricing.cost("gpt-image-1", usage)).isEqualByComparingTo("20");
    }

    @Test
    void aModelWithoutPricesCostsZero() {
        var usage = VendorJson.parse("{\"input_tokens\":10,\"output_tokens\":272}");

        assertThat(OpenAiPricing.defaults().cost("gpt-image-9", usage)).isEqualByComparingTo("0");
    }
}
