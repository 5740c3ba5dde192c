package io.genpipe.contracts.json;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.ProviderSettingsChanged;
import io.genpipe.contracts.event.ProviderSettingsChanged.Action;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versioned operator settings and their audit records, as the router, the workers and the admin API read them. */
class ProviderSettingsSerdeTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");
    private final JsonSerde serde = JsonSerde.instance();

    @Test
    void aRecordWrittenBeforeVersionsReadsAsVersionZero() {
        ProviderSettings old = serde.read("{\"schemaVersion\":1,\"eventId\":\"e\",\"occurredAt\":\"2026-11-30T09:30:00Z\","
                + "\"provider\":\"fal\",\"enabled\":false}", ProviderSettings.class);

        assertThat(old.version()).isZero();
        assertThat(old.enabled()).isFalse();
    }

    @Test
    void aVersionedRecordSurvivesARoundTrip() {
        ProviderSettings settings = settings("e-1", 3, NOW);

        assertThat(serde.writeString(settings)).contains("\"version\":3");
        assertThat(serde.read(serde.write(settings), ProviderSettings.class)).isEqualTo(settings);
    }

    @Test
    void aBadCooldownIsNamedOnceWithItsPath() {
        assertThatThrownBy(() -> serde.read("{\"schemaVersion\":1,\"eventId\":\"e\",\"occurredAt\":\"2026-11-30T09:30:00Z\","
                + "\"provider\":\"fal\",\"enabled\":true,\"cooldown\":{\"failures\":0}}", ProviderSettings.class))
                .isInstanceOf(MessageFormatException.class)
                .extracting(e -> ((MessageFormatException) e).field()).isEqualTo("cooldown.failures");
    }

    @Test
    void aHigherVersionIsNewerWhateverTheClocksSay() {
        ProviderSettings third = settings("e-3", 3, NOW);
        ProviderSettings fourthFromASlowClock = settings("e-4", 4, NOW.minusSeconds(5));
        ProviderSettings unversioned = settings("e-0", 0, NOW.minusSeconds(1));

        assertThat(third.isOlderThan(fourthFromASlowClock)).isTrue();
        assertThat(fourthFromASlowClock.isOlderThan(third)).isFalse();
        assertThat(unversioned.isOlderThan(third)).isTrue();
    }

    @Test
    void anAuditRecordKeepsBeforeAndAfter() {
        ProviderSettings before = settings("e-1", 1, NOW);
        ProviderSettings after = settings("e-2", 2, NOW.plusSeconds(60));
        ProviderSettingsChanged changed = new ProviderSettingsChanged(1, "a-1", NOW.plusSeconds(60), "fal",
                Action.UPDATED, "ops-oncall", 2, before, after);

        assertThat(serde.writeString(changed)).contains("\"action\":\"updated\"", "\"changedBy\":\"ops-oncall\"");
        assertThat(serde.read(serde.write(changed), ProviderSettingsChanged.class)).isEqualTo(changed);
    }

    @Test
    void anAuditRecordThatCannotBeTrueIsRefused() {
        ProviderSettings after = settings("e-2", 2, NOW);
        assertThatThrownBy(() -> new ProviderSettingsChanged(1, "a", NOW, "fal", Action.RESET, "ops", 2, null, after))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("after");
        assertThatThrownBy(() -> new ProviderSettingsChanged(1, "a", NOW, "fal", Action.UPDATED, "ops", 2, null, null))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("after");
        assertThatThrownBy(() -> new ProviderSettingsChanged(1, "a", NOW, "openai", Action.UPDATED, "ops", 2, null,
                after)).isInstanceOf(MessageFormatException.class).hasMessageContaining("after.provider");
        assertThatThrownBy(() -> new ProviderSettingsChanged(1, "a", NOW, "fal", Action.UPDATED, " ", 2, null, after))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("changedBy");
        assertThatThrownBy(() -> new ProviderSettingsChanged(1, "a", NOW, "fal", Action.UPDATED, "ops", 0, null, after))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("version");
    }

    private static ProviderSettings settings(String eventId, long version, Instant at) {
        return new ProviderSettings(1, eventId, at, "fal", false, List.of(), "vendor incident", "ops-oncall", null, null,
                null, version);
    }
}
