package io.genpipe.worker.adapter.stability;

import io.genpipe.worker.provider.ProviderSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stability's own options, bound from the provider's {@code options} as its factory binds them. */
class StabilityOptionsTest {

    @Test
    void asksForTheImageBytesUnlessTheProviderAsksForJson() {
        assertThat(bind(Map.of())).isEqualTo(StabilityOptions.DEFAULTS);
        assertThat(StabilityOptions.DEFAULTS.accept().header()).isEqualTo("image/*");
        StabilityOptions json = bind(Map.of("genpipe.workers.providers.stability.options.accept", "json"));
        assertThat(json.accept()).isEqualTo(StabilityOptions.Accept.JSON);
        assertThat(json.accept().header()).isEqualTo("application/json");
    }

    @Test
    void refusesAnAnswerFormItDoesNotSpeak() {
        assertThatThrownBy(() -> bind(Map.of("genpipe.workers.providers.stability.options.accept", "xml")))
                .isInstanceOf(BindException.class);
    }

    private static StabilityOptions bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(ProviderSettings.optionsPrefix("stability"), Bindable.of(StabilityOptions.class));
    }
}
