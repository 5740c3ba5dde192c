package io.genpipe.worker.provider;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One provider: a named instance of a vendor adapter. Two OpenAI organizations are two providers, each with
 * its own name, key and settings.
 *
 * @param adapter         which vendor API it speaks ({@code fal} or {@code openai}); required
 * @param baseUrl         the API root; defaults to the vendor's public one
 * @param apiKeyEnv       the NAME of the variable holding the key (e.g. {@code FAL_KEY}), looked up as an environment
 *                        variable, system property or Spring property; never the key itself
 * @param attemptTimeout  a vendor call that has not ended by then is given up as TIMEOUT
 * @param pollInterval    fal only: the wait between status polls of one request
 * @param megapixelPrices fal only: USD per megapixel (1024 x 1024 px) by model id; adds to and overrides the
 *                        built-in prices. Model ids hold slashes, so write keys in brackets:
 *                        {@code "[fal-ai/flux/dev]"}
 * @param tokenPrices     openai only: USD per million tokens by model; adds to and overrides the built-in prices
 * @param quality         openai only: {@code low}, {@code medium}, {@code high} or {@code auto}
 */
public record ProviderSettings(
        AdapterType adapter,
        URI baseUrl,
        String apiKeyEnv,
        @DefaultValue("120s") Duration attemptTimeout,
        @DefaultValue("250ms") Duration pollInterval,
        Map<String, BigDecimal> megapixelPrices,
        Map<String, TokenPrices> tokenPrices,
        @DefaultValue("low") String quality) {

    public ProviderSettings {
        if (adapter == null) {
            throw new IllegalArgumentException("adapter is required (fal or openai)");
        }
        baseUrl = baseUrl == null ? adapter.defaultBaseUrl() : baseUrl;
        apiKeyEnv = apiKeyEnv == null || apiKeyEnv.isBlank() ? adapter.defaultApiKeyEnv() : apiKeyEnv.strip();
        attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(120) : attemptTimeout;
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        megapixelPrices = megapixelPrices == null ? Map.of() : Map.copyOf(megapixelPrices);
        tokenPrices = tokenPrices == null ? Map.of() : Map.copyOf(tokenPrices);
        quality = quality == null || quality.isBlank() ? "low" : quality.strip();
        requirePositive(attemptTimeout, "attempt-timeout");
        requirePositive(pollInterval, "poll-interval");
    }

    /** Settings of a provider of this type with every default. */
    public static ProviderSettings of(AdapterType adapter, URI baseUrl, String apiKeyEnv) {
        return new ProviderSettings(adapter, baseUrl, apiKeyEnv, null, null, null, null, null);
    }

    public ProviderSettings withAttemptTimeout(Duration timeout) {
        return new ProviderSettings(adapter, baseUrl, apiKeyEnv, timeout, pollInterval, megapixelPrices, tokenPrices,
                quality);
    }

    /**
     * USD per million tokens of a GPT image model.
     *
     * @param textInput   prompt text tokens
     * @param imageInput  input image tokens (edits)
     * @param imageOutput generated image tokens
     */
    public record TokenPrices(BigDecimal textInput, BigDecimal imageInput, BigDecimal imageOutput) {

        public TokenPrices {
            textInput = textInput == null ? BigDecimal.ZERO : textInput;
            imageInput = imageInput == null ? BigDecimal.ZERO : imageInput;
            imageOutput = imageOutput == null ? BigDecimal.ZERO : imageOutput;
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
