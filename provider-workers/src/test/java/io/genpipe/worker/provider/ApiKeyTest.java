package io.genpipe.worker.provider;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.GenerationRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyTest {

    private static final String SECRET = "fal-secret-4f9c2d";

    @Test
    void neverPrintsTheKey() {
        ApiKey key = ApiKey.of("FAL_KEY", SECRET);

        assertThat(key.toString()).isEqualTo("ApiKey[FAL_KEY=****]").doesNotContain(SECRET);
        assertThat(String.valueOf(key)).doesNotContain(SECRET);
    }

    @Test
    void neverPrintsTheKeyInsideTheProviderItBelongsTo() {
        ServedProvider provider = TestCatalog.served("fal", SECRET);

        assertThat(provider.toString()).contains("fal", "FAL_KEY").doesNotContain(SECRET);
    }

    @Test
    void givesTheValueOnlyWhenAskedForItExplicitly() {
        assertThat(ApiKey.of("FAL_KEY", " " + SECRET + " ").value()).isEqualTo(SECRET);
    }

    @Test
    void aBlankKeyIsAbsentAndSaysWhereItWasLookedFor() {
        ApiKey key = ApiKey.of("OPENAI_API_KEY", "  ");

        assertThat(key.isPresent()).isFalse();
        assertThat(key.toString()).isEqualTo("ApiKey[OPENAI_API_KEY unset]");
        assertThatThrownBy(key::value).hasMessage("no API key in OPENAI_API_KEY");
    }

    @Test
    void generationRequestsNeverPrintThePrompt() {
        GenerationRequest request = new GenerationRequest("job-1", 1, TestCatalog.flux(), "my private prompt",
                ImageParams.defaults(), Duration.ofSeconds(5));

        assertThat(request.toString()).contains("job-1", "fal-ai/flux/schnell").doesNotContain("private");
    }
}
