package io.genpipe.worker.provider;

import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.journal.JournalSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training's call runs for minutes: it gets three times its model's slow time, and the journal keeps the call's
 * record at least that long, or a worker crash late in a training would start (and pay for) a second one.
 */
class LongCallsTest {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void aGenerationKeepsTheAttemptTimeoutAndATrainingGetsThreeTimesItsSlowTime() {
        assertThat(LongCalls.longest(TestCatalog.model("fal", "fal-ai/flux/schnell"), ATTEMPT_TIMEOUT))
                .isEqualTo(ATTEMPT_TIMEOUT);
        // p95 12 minutes in the catalog.
        assertThat(LongCalls.longest(TestCatalog.model("fal", "fal-ai/flux-lora-fast-training"), ATTEMPT_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(36));
        assertThat(LongCalls.longest(TestCatalog.served("fal", "k"))).isEqualTo(Duration.ofMinutes(36));
    }

    @Test
    void theJournalOfATrainerKeepsItsRecordsForItsLongestCallAndAMargin() {
        JournalSettings settings = new JournalSettings(Duration.ofSeconds(60), Duration.ofMinutes(15));

        assertThat(settings.retentionFor(ATTEMPT_TIMEOUT)).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.retentionFor(Duration.ofMinutes(36))).isEqualTo(Duration.ofMinutes(41));
    }
}
