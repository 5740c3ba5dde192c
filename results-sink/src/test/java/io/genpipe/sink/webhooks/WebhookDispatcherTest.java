package io.genpipe.sink.webhooks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WebhookDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final RetrySchedule RETRY = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 0.5, 12,
            Duration.ofHours(24));

    private final WebhookDeliveries deliveries = mock(WebhookDeliveries.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void withoutASecretNothingIsSentAndHealthAndMetricsSaySo() {
        WebhookSettings settings = settings("");
        when(deliveries.pending()).thenReturn(3L);
        WebhookDispatcher dispatcher = dispatcher(settings);

        dispatcher.poll();

        verify(deliveries, never()).claim(any(), anyInt(), any());
        var health = new WebhooksHealth(dispatcher, settings).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("pending", 3L);
        assertThat((String) health.getDetails().get("signing")).startsWith("not configured");
        assertThat(meters.get("genpipe.sink.webhooks.signing").gauge().value()).isZero();
        assertThat(meters.get(WebhookDispatcher.PENDING).gauge().value()).isEqualTo(3);
    }

    @Test
    void withoutASecretAndNothingWaitingHealthStaysUpButSaysSo() {
        WebhookSettings settings = settings("");
        WebhookDispatcher dispatcher = dispatcher(settings);

        dispatcher.poll();

        var health = new WebhooksHealth(dispatcher, settings).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat((String) health.getDetails().get("signing")).startsWith("not configured");
    }

    @Test
    void withASecretDueDeliveriesAreClaimed() {
        WebhookSettings settings = settings("s3cret");
        when(deliveries.claim(any(), anyInt(), any())).thenReturn(List.of());
        WebhookDispatcher dispatcher = dispatcher(settings);

        dispatcher.poll();

        verify(deliveries).claim(NOW, 20, NOW.plus(settings.claim()));
        assertThat(new WebhooksHealth(dispatcher, settings).health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("genpipe.sink.webhooks.signing").gauge().value()).isEqualTo(1);
    }

    private WebhookDispatcher dispatcher(WebhookSettings settings) {
        return new WebhookDispatcher(deliveries, new WebhookSender(settings, host -> {
            throw new AssertionError("resolved " + host);
        }), settings, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.5, meters);
    }

    private static WebhookSettings settings(String secret) {
        return new WebhookSettings(secret, false, false, Duration.ofSeconds(1), 20, Duration.ofSeconds(5),
                Duration.ofSeconds(10), RETRY);
    }
}
