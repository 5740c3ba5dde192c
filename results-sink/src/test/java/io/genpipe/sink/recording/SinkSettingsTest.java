package io.genpipe.sink.recording;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkSettingsTest {

    private final SinkSettings.Backoff backoff = new SinkSettings.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void theOutageBackoffDoublesUpToItsMaximum() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.after(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(() -> new SinkSettings(30_000, 0, backoff))
                .hasMessageContaining("events-per-transaction");
        assertThatThrownBy(() -> new SinkSettings.Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("outage-backoff");
    }
}
