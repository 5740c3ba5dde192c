package io.genpipe.worker.provider;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How genpipe.workers.* binds, as Spring binds it from YAML or the environment. */
class WorkerSettingsTest {

    @Test
    void appliesTheDocumentedDefaults() {
        WorkerSettings settings = bind(Map.of("genpipe.workers.providers.fal.adapter", "fal"));

        assertThat(settings.instance()).matches("[a-z0-9.-]+-[0-9a-f]{6}");
        assertThat(settings.serve()).isEmpty();
        assertThat(settings.circuitBreaker()).isEqualTo(
                new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(10), 2, true));
        assertThat(settings.health().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.health().validity()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.images().dir().normalize()).isEqualTo(Path.of("data/images"));
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxInFlight()).isEqualTo(256);
        assertThat(settings.idleBetweenPolls()).isEqualTo(Duration.ofMillis(50));

        ProviderSettings fal = settings.providers().get("fal");
        assertThat(fal.baseUrl()).isEqualTo(URI.create("https://queue.fal.run"));
        assertThat(fal.apiKeyEnv()).isEqualTo("FAL_KEY");
        assertThat(fal.attemptTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(fal.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(fal.quality()).isEqualTo("low");
    }

    @Test
    void bindsProvidersPricesAndServeList() {
        WorkerSettings settings = bind(Map.of(
                "genpipe.workers.instance", "worker-7",
                "genpipe.workers.serve", "openai-eu, fal",
                "genpipe.workers.providers.fal.adapter", "fal",
                "genpipe.workers.providers.fal.megapixel-prices.[fal-ai/flux/dev]", "0.025",
                "genpipe.workers.providers.openai-eu.adapter", "openai",
                "genpipe.workers.providers.openai-eu.api-key-env", "OPENAI_EU_KEY",
                "genpipe.workers.providers.openai-eu.quality", "medium",
                "genpipe.workers.providers.openai-eu.token-prices.gpt-image-1.image-output", "32",
                "genpipe.workers.circuit-breaker.wait-in-open", "2s"));

        assertThat(settings.instance()).isEqualTo("worker-7");
        assertThat(settings.serve()).containsExactly("openai-eu", "fal");
        assertThat(settings.providers().get("fal").megapixelPrices())
                .containsEntry("fal-ai/flux/dev", new BigDecimal("0.025"));
        ProviderSettings openAi = settings.providers().get("openai-eu");
        assertThat(openAi.adapter()).isEqualTo(AdapterType.OPENAI);
        assertThat(openAi.apiKeyEnv()).isEqualTo("OPENAI_EU_KEY");
        assertThat(openAi.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(openAi.quality()).isEqualTo("medium");
        assertThat(openAi.tokenPrices().get("gpt-image-1").imageOutput()).isEqualByComparingTo("32");
        assertThat(settings.circuitBreaker().waitInOpen()).isEqualTo(Duration.ofSeconds(2));
    }

    private static WorkerSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("genpipe.workers", WorkerSettings.class);
    }
}
