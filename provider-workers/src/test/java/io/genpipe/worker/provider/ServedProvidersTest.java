package io.genpipe.worker.provider;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServedProvidersTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("FAL_KEY", "k1", "OPENAI_ORG_B_KEY", "k2");

    @Test
    void servesEveryConfiguredProviderWhenServeIsEmpty() {
        ServedProviders served = ServedProviders.resolve(settings(List.of()), ENVIRONMENT::get);

        assertThat(served.names()).containsExactly("fal", "openai-a", "openai-b");
    }

    @Test
    void servesOnlyTheNamedProviders() {
        ServedProviders served = ServedProviders.resolve(settings(List.of("openai-b")), ENVIRONMENT::get);

        assertThat(served.names()).containsExactly("openai-b");
        assertThat(served.all().get(0).apiKey().value()).isEqualTo("k2");
    }

    @Test
    void readsEachKeyFromTheVariableItsProviderNames() {
        ServedProviders served = ServedProviders.resolve(settings(List.of()), ENVIRONMENT::get);

        assertThat(served.all()).extracting(p -> p.apiKey().isPresent()).containsExactly(true, false, true);
        assertThat(served.all().get(1).apiKey().variable()).isEqualTo("OPENAI_API_KEY");
    }

    @Test
    void refusesToServeAProviderThatIsNotConfigured() {
        assertThatThrownBy(() -> ServedProviders.resolve(settings(List.of("leonardo")), ENVIRONMENT::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'leonardo'");
    }

    @Test
    void refusesProviderNamesThatCannotBePartOfATopicName() {
        Map<String, ProviderSettings> providers = Map.of("Fal_EU", ProviderSettings.of(AdapterType.FAL, null, null));
        WorkerSettings settings = new WorkerSettings("i-1", List.of(), providers, null, null, null, null, null, null);

        assertThatThrownBy(() -> ServedProviders.resolve(settings, ENVIRONMENT::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static WorkerSettings settings(List<String> serve) {
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        providers.put("fal", ProviderSettings.of(AdapterType.FAL, null, null));
        providers.put("openai-a", ProviderSettings.of(AdapterType.OPENAI, null, null));
        providers.put("openai-b", ProviderSettings.of(AdapterType.OPENAI, URI.create("https://api.openai.com/v1"),
                "OPENAI_ORG_B_KEY"));
        return new WorkerSettings("i-1", serve, providers, null, null, null, null, null, null);
    }
}
