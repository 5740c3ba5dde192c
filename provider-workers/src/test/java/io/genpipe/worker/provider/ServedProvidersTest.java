package io.genpipe.worker.provider;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.worker.TestCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServedProvidersTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("FAL_KEY", "k1", "OPENAI_ORG_B_KEY", "k2");
    /** The default catalog with a second OpenAI organization: same adapter, its own name and key. */
    private static final Catalog TWO_OPENAI_ORGS = CatalogFiles.defaults(Map.of(
            "genpipe.catalog.providers.openai-b.adapter", "openai",
            "genpipe.catalog.providers.openai-b.base-url", "https://api.openai.com/v1",
            "genpipe.catalog.providers.openai-b.api-key-env", "OPENAI_ORG_B_KEY",
            "genpipe.catalog.providers.openai-b.models.gpt-image-2.operations", "text-to-image",
            "genpipe.catalog.providers.openai-b.models.gpt-image-2.sizes.list", "1024x1024",
            "genpipe.catalog.providers.openai-b.models.gpt-image-2.latency-p50", "8s",
            "genpipe.catalog.providers.openai-b.models.gpt-image-2.quality", "85",
            "genpipe.catalog.providers.openai-b.models.gpt-image-2.pricing.per-image.any", "0.01"));

    @Test
    void servesEveryProviderOfTheCatalogWhenServeIsEmpty() {
        ServedProviders served = ServedProviders.resolve(settings(List.of()), TWO_OPENAI_ORGS, ENVIRONMENT::get);

        assertThat(served.names()).contains("fal", "openai", "openai-b")
                .containsExactlyInAnyOrderElementsOf(TWO_OPENAI_ORGS.providers().keySet());
    }

    @Test
    void servesOnlyTheNamedProvidersWithWhatTheCatalogSaysOfThem() {
        ServedProviders served = ServedProviders.resolve(settings(List.of("openai-b")), TWO_OPENAI_ORGS,
                ENVIRONMENT::get);

        assertThat(served.names()).containsExactly("openai-b");
        ServedProvider provider = served.all().get(0);
        assertThat(provider.apiKey().value()).isEqualTo("k2");
        assertThat(provider.catalog().adapter()).isEqualTo("openai");
        assertThat(provider.catalog().models()).containsOnlyKeys("gpt-image-2");
    }

    @Test
    void readsEachKeyFromTheVariableItsCatalogEntryNames() {
        ServedProviders served = ServedProviders.resolve(settings(List.of()), TWO_OPENAI_ORGS, ENVIRONMENT::get);

        Map<String, ApiKey> keys = new HashMap<>();
        served.all().forEach(provider -> keys.put(provider.name(), provider.apiKey()));
        assertThat(keys.get("fal").value()).isEqualTo("k1");
        assertThat(keys.get("openai").isPresent()).isFalse();
        assertThat(keys.get("openai").variable()).isEqualTo("OPENAI_API_KEY");
        assertThat(keys.get("openai-b").value()).isEqualTo("k2");
    }

    @Test
    void takesEachProvidersWorkerSettingsOrTheDefaults() {
        WorkerSettings settings = new WorkerSettings("i-1", List.of(),
                Map.of("fal", new ProviderSettings(Duration.ofSeconds(30), null)), null, null, null, null, null, null);

        ServedProviders served = ServedProviders.resolve(settings, TestCatalog.DEFAULT, ENVIRONMENT::get);

        assertThat(served.all()).extracting(p -> p.settings().attemptTimeout())
                .startsWith(Duration.ofSeconds(30), Duration.ofSeconds(120))
                .containsOnly(Duration.ofSeconds(30), Duration.ofSeconds(120));
    }

    @Test
    void refusesToServeAProviderThatIsNotInTheCatalogNamingTheKey() {
        assertThatThrownBy(() -> ServedProviders.resolve(settings(List.of("leonardo")), TestCatalog.DEFAULT,
                ENVIRONMENT::get))
                .isInstanceOf(ProviderConfigurationException.class)
                // Vendors are appended to the catalog as they are added: the list is checked up to the first two.
                .hasMessageStartingWith("genpipe.workers.serve: 'leonardo' is not a provider of the catalog;"
                        + " genpipe.catalog.providers has [fal, openai");
    }

    private static WorkerSettings settings(List<String> serve) {
        return new WorkerSettings("i-1", serve, Map.of(), null, null, null, null, null, null);
    }
}
