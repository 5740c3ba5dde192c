package io.genpipe.worker.provider;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How genpipe.workers.* binds, as Spring binds it from YAML or the environment. */
class WorkerSettingsTest {

    @Test
    void appliesTheDocumentedDefaults() {
        WorkerSettings settings = bind(Map.of());

        assertThat(settings.instance()).matches("[a-z0-9.-]+-[0-9a-f]{6}");
        assertThat(settings.serve()).isEmpty();
        assertThat(settings.providers()).isEmpty();
        assertThat(settings.provider("fal")).isEqualTo(ProviderSettings.DEFAULTS);
        assertThat(settings.provider("fal").attemptTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.circuitBreaker()).isEqualTo(
                new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(10), 2, true, null, 100f));
        assertThat(settings.health().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.health().validity()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.images().dir().normalize()).isEqualTo(Path.of("data/images"));
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxInFlight()).isEqualTo(2500);
        assertThat(settings.idleBetweenPolls()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void bindsTheServeListAndEachProvidersOwnSettingsLeavingAdapterOptionsToTheAdapters() {
        WorkerSettings settings = bind(Map.of(
                "genpipe.workers.instance", "worker-7",
                "genpipe.workers.serve", "openai-eu, fal",
                "genpipe.workers.providers.fal.attempt-timeout", "45s",
                "genpipe.workers.providers.fal.options.poll-interval", "100ms",
                "genpipe.workers.providers.openai-eu.options.organization", "org-eu",
                "genpipe.workers.circuit-breaker.wait-in-open", "2s"));

        assertThat(settings.instance()).isEqualTo("worker-7");
        assertThat(settings.serve()).containsExactly("openai-eu", "fal");
        assertThat(settings.provider("fal").attemptTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.provider("openai-eu")).isEqualTo(ProviderSettings.DEFAULTS);
        assertThat(settings.circuitBreaker().waitInOpen()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("genpipe.workers.providers.fal.attempt-timeout", "0s")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("attempt-timeout must be positive");
    }

    @Test
    void retriesDefaultToThreeCallsAndBindPerProvider() {
        WorkerSettings settings = bind(Map.of(
                "genpipe.workers.providers.fal.retry.max-attempts", "5",
                "genpipe.workers.providers.fal.retry.initial-back-off", "50ms",
                "genpipe.workers.providers.fal.retry.max-back-off", "2s",
                "genpipe.workers.circuit-breaker.slow-call-duration", "20s",
                "genpipe.workers.circuit-breaker.slow-call-rate-threshold", "80"));

        assertThat(settings.provider("openai").retry())
                .isEqualTo(new ProviderSettings.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
        assertThat(settings.provider("fal").retry())
                .isEqualTo(new ProviderSettings.Retry(5, Duration.ofMillis(50), Duration.ofSeconds(2)));
        assertThat(settings.circuitBreaker().slowCallDuration(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.circuitBreaker().slowCallRateThreshold()).isEqualTo(80f);
    }

    @Test
    void refusesAMaxBackOffBelowTheInitialOne() {
        assertThatThrownBy(() -> bind(Map.of("genpipe.workers.providers.fal.retry.max-back-off", "100ms")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("retry.max-back-off must be at least retry.initial-back-off");
    }

    private static WorkerSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("genpipe.workers", WorkerSettings.class);
    }
}
