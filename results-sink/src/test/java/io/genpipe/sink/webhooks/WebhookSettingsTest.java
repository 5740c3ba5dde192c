package io.genpipe.sink.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSettingsTest {

    private static final RetrySchedule RETRY = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 0.5, 12,
            Duration.ofHours(24));

    @Test
    void theSecretNeverShowsInToString() {
        WebhookSettings settings = settings("whsec_do-not-print");

        assertThat(settings.toString()).doesNotContain("whsec_do-not-print").contains("signingSecret=(set)");
        assertThat(settings.signing()).isTrue();
    }

    @Test
    void aBlankSecretMeansNotSigningAndSoNotDelivering() {
        assertThat(settings("  ").signing()).isFalse();
        assertThat(settings(null).signing()).isFalse();
        assertThat(settings(null).toString()).contains("signingSecret=(none)");
    }

    @Test
    void aClaimOutlastsTheLongestAttempt() {
        WebhookSettings settings = settings("s");

        assertThat(settings.claim()).isGreaterThan(settings.connectTimeout().plus(settings.readTimeout()));
    }

    private static WebhookSettings settings(String secret) {
        return new WebhookSettings(secret, false, false, Duration.ofSeconds(1), 20, Duration.ofSeconds(5),
                Duration.ofSeconds(10), RETRY);
    }
}
