package io.genpipe.worker.adapter.fal;

import io.genpipe.worker.provider.ProviderSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fal's own options, bound from the provider's {@code options} as its factory binds them. */
class FalOptionsTest {

    @Test
    void pollsEvery250msUnlessTheProviderSaysOtherwise() {
        assertThat(bind("fal", Map.of())).isEqualTo(FalOptions.DEFAULTS);
        assertThat(FalOptions.DEFAULTS.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(bind("fal-eu", Map.of("genpipe.workers.providers.fal-eu.options.poll-interval", "50ms"))
                .pollInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void keepsFalsLinksUnlessTheProviderAsksForCopies() {
        assertThat(FalOptions.DEFAULTS.copyImages()).isFalse();
        assertThat(bind("fal", Map.of("genpipe.workers.providers.fal.options.copy-images", "true")).copyImages())
                .isTrue();
    }

    @Test
    void anotherProvidersOptionsAreNotItsOwn() {
        assertThat(bind("fal", Map.of("genpipe.workers.providers.fal-eu.options.poll-interval", "50ms")))
                .isEqualTo(FalOptions.DEFAULTS);
    }

    @Test
    void refusesAPollIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> bind("fal", Map.of("genpipe.workers.providers.fal.options.poll-interval", "0ms")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("poll-interval must be positive");
    }

    private static FalOptions bind(String provider, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(ProviderSettings.optionsPrefix(provider), Bindable.of(FalOptions.class));
    }

    @Test
    void theFirstPollWaitsForHalfTheModelsUsualLatencyAndLaterPollsBackOffToTheMaximum() {
        FalOptions options = new FalOptions(Duration.ofMillis(200), Duration.ofSeconds(1), 50, false);

        assertThat(options.firstPoll(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.firstPoll(Duration.ofMillis(300))).as("never sooner than the interval")
                .isEqualTo(Duration.ofMillis(200));
        assertThat(options.nextPoll(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(300));
        assertThat(options.nextPoll(Duration.ofMillis(900))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aShareOfZeroPollsFromTheStartAndOutOfRangeSettingsAreRefused() {
        assertThat(new FalOptions(Duration.ofMillis(200), Duration.ofSeconds(1), 0, false).firstPoll(Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new FalOptions(Duration.ofMillis(200), Duration.ofSeconds(1), 101, false))
                .hasMessageContaining("first-poll-share");
        assertThatThrownBy(() -> new FalOptions(Duration.ofSeconds(2), Duration.ofSeconds(1), 50, false))
                .hasMessageContaining("max-poll-interval");
    }
}
