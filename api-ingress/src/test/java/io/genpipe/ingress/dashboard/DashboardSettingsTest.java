package io.genpipe.ingress.dashboard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardSettingsTest {

    @Test
    void withNothingConfiguredTheSinkIsTheLocalOneAndAReadWaitsFiveSeconds() {
        DashboardSettings settings = bind(Map.of());

        assertThat(settings.sinkUrl()).isEqualTo(URI.create("http://127.0.0.1:8083"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void bindsTheSinksUrlAndTimeoutAsConfiguredWithoutATrailingSlash() {
        DashboardSettings settings = bind(Map.of("genpipe.dashboard.sink-url", "https://sink.internal:8443/genpipe/",
                "genpipe.dashboard.timeout", "750ms"));

        assertThat(settings.sinkUrl()).isEqualTo(URI.create("https://sink.internal:8443/genpipe"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void aSinkUrlOrTimeoutThatCannotWorkIsRefusedAtStart() {
        for (String url : new String[] {"ftp://sink:8083", "/v1", "http://sink:8083/?x=1", "http://user:pw@sink:8083",
                "http://sink:8083/#top"}) {
            assertThatThrownBy(() -> bind(Map.of("genpipe.dashboard.sink-url", url))).as(url)
                    .isInstanceOf(BindException.class).rootCause().hasMessageContaining("genpipe.dashboard.sink-url");
        }
        assertThatThrownBy(() -> bind(Map.of("genpipe.dashboard.timeout", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("genpipe.dashboard.timeout");
    }

    private static DashboardSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("genpipe.dashboard", DashboardSettings.class);
    }
}
