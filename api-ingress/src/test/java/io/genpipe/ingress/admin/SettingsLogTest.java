package io.genpipe.ingress.admin;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API's view of the settings topic: partition order, versions through resets, its own changes at once. */
class SettingsLogTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");

    private final SettingsLog log = new SettingsLog(new KafkaProperties());

    @Test
    void aProviderNeverChangedIsAtTheCatalogsDefaultsVersionZero() {
        SettingsInForce fal = log.current("fal");

        assertThat(fal.isDefault()).isTrue();
        assertThat(fal.version()).isZero();
        assertThat(fal.nextVersion()).isEqualTo(1);
    }

    @Test
    void theLaterRecordOnThePartitionIsInForceWhateverItsClockSaid() {
        log.read(record(0, settings(1, NOW, false)));
        log.read(record(1, settings(2, NOW.minusSeconds(30), true)));

        assertThat(log.current("fal").version()).isEqualTo(2);
        assertThat(log.current("fal").settings().enabled()).isTrue();
    }

    @Test
    void aResetCountsAsOneMoreVersionAndTheNextChangeGoesOnFromIt() {
        log.read(record(0, settings(1, NOW, false)));
        log.read(record(1, settings(2, NOW, false)));
        log.read(record(2, null));

        SettingsInForce reset = log.current("fal");
        assertThat(reset.isDefault()).isTrue();
        assertThat(reset.version()).isEqualTo(3);
        assertThat(reset.nextVersion()).isEqualTo(4);
    }

    @Test
    void whatThisInstancePublishedIsInForceAtOnceAndReadingItAgainChangesNothing() {
        log.read(record(0, settings(1, NOW, false)));
        ProviderSettings mine = settings(2, NOW, true);

        log.published(new SettingsInForce("fal", mine, 2, 5));
        assertThat(log.current("fal").version()).isEqualTo(2);

        // The reader catches up: a record before mine (another instance's) must not put an older state back.
        log.read(record(4, settings(2, NOW, false)));
        log.read(record(5, mine));
        assertThat(log.current("fal").settings()).isEqualTo(mine);
    }

    @Test
    void anUnreadableRecordIsSkipped() {
        log.read(record(0, settings(1, NOW, false)));
        log.read(new ConsumerRecord<>(Topics.PROVIDER_SETTINGS.name(), 0, 1, "fal", "{\"enabled\":".getBytes()));

        assertThat(log.current("fal").version()).isEqualTo(1);
    }

    private static ProviderSettings settings(long version, Instant at, boolean enabled) {
        return new ProviderSettings(1, "e-" + version + enabled, at, "fal", enabled, List.of(), "", "ops", null, null,
                null, version);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, ProviderSettings settings) {
        return new ConsumerRecord<>(Topics.PROVIDER_SETTINGS.name(), 0, offset, "fal",
                settings == null ? null : JsonSerde.instance().write(settings));
    }
}
