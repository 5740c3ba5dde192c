package io.genpipe.messaging.settings;

import io.genpipe.contracts.event.ProviderSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

class ProviderSettingsViewTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final ProviderSettingsView view = new ProviderSettingsView();

    @Test
    void aHigherVersionWinsEvenFromAnInstanceWhoseClockIsBehind() {
        view.record(settings(3, NOW, false));
        view.record(settings(4, NOW.minusSeconds(5), true));

        assertThat(view.of("fal")).get().extracting(ProviderSettings::version).isEqualTo(4L);
        assertThat(view.refuses("fal", "fal-ai/flux/schnell")).isEmpty();
    }

    @Test
    void aLowerVersionReadAgainChangesNothing() {
        view.record(settings(4, NOW, true));
        view.record(settings(3, NOW.plusSeconds(5), false));

        assertThat(view.of("fal")).get().extracting(ProviderSettings::version).isEqualTo(4L);
    }

    @Test
    void unversionedRecordsAreOrderedByWhenTheyWereWritten() {
        view.record(settings(0, NOW, false));
        view.record(settings(0, NOW.minusSeconds(5), true));

        assertThat(view.refuses("fal", "fal-ai/flux/schnell")).isPresent();
    }

    private static ProviderSettings settings(long version, Instant at, boolean enabled) {
        return new ProviderSettings(SCHEMA_VERSION, "s-" + version + at, at, "fal", enabled, List.of(), "", "ops",
                null, null, null, version);
    }
}
