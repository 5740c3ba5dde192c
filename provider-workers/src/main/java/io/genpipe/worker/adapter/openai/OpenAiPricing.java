package io.genpipe.worker.adapter.openai;

import io.genpipe.worker.adapter.Money;
import io.genpipe.worker.provider.ProviderSettings.TokenPrices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GPT image models bill tokens: prompt text, input images and generated images, each at its own price per
 * million. The cost of a call is computed from the {@code usage} the response reports, so it is what OpenAI
 * bills whatever size and quality it chose.
 */
public final class OpenAiPricing {

    /**
     * USD per million tokens. gpt-image-1 from vendor-apis.md (2025-26); the mini and 1.5 prices are the published
     * ones that give the per-image figures listed there (at 1024x1024: about $0.002/$0.009 low).
     */
    public static final Map<String, TokenPrices> DEFAULTS = Map.of(
            "gpt-image-1", prices("5", "10", "40"),
            "gpt-image-1-mini", prices("2", "2.5", "8"),
            "gpt-image-1.5", prices("5", "8", "32"));

    private static final Logger log = LoggerFactory.getLogger(OpenAiPricing.class);

    private final Map<String, TokenPrices> byModel;
    private final Set<String> warnedModels = ConcurrentHashMap.newKeySet();

    public OpenAiPricing(Map<String, TokenPrices> configured) {
        Map<String, TokenPrices> prices = new HashMap<>(DEFAULTS);
        prices.putAll(configured);
        this.byModel = Map.copyOf(prices);
    }

    public static OpenAiPricing defaults() {
        return new OpenAiPricing(Map.of());
    }

    public Optional<TokenPrices> prices(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    /**
     * The cost of a response's {@code usage}: text and image input tokens (all input counts as text when the
     * split is missing) and output tokens. A model without a known price costs zero, with a warning.
     */
    public BigDecimal cost(String model, JsonNode usage) {
        Optional<TokenPrices> prices = prices(model);
        if (prices.isEmpty()) {
            if (warnedModels.add(model)) {
                log.warn("no OpenAI token prices for model {}: its attempts are recorded at zero cost; "
                        + "set genpipe.workers.providers.<name>.token-prices", model);
            }
            return BigDecimal.ZERO;
        }
        JsonNode details = usage.path("input_tokens_details");
        long input = usage.path("input_tokens").asLong(0);
        long text = details.isObject() ? details.path("text_tokens").asLong(0) : input;
        long images = details.isObject() ? details.path("image_tokens").asLong(0) : 0;
        long output = usage.path("output_tokens").asLong(0);
        TokenPrices price = prices.get();
        return Money.usd(Money.perMillion(text, price.textInput())
                .add(Money.perMillion(images, price.imageInput()))
                .add(Money.perMillion(output, price.imageOutput())));
    }

    private static TokenPrices prices(String text, String image, String output) {
        return new TokenPrices(new BigDecimal(text), new BigDecimal(image), new BigDecimal(output));
    }
}
