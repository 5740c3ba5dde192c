package io.genpipe.worker.journal;

import io.genpipe.worker.adapter.CallJournal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Journals for tests of what runs around an adapter: one that an earlier run left a queue request in. */
public final class AttemptJournals {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private AttemptJournals() {
    }

    /** The journal of an attempt whose earlier run submitted {@code requestId} for the call at {@code firstImage}. */
    public static CallJournal resuming(int firstImage, String requestId) {
        AttemptCalls earlier = new AttemptCalls("job-1", 1, "fal",
                List.of(new JournaledCall(firstImage, requestId, "w1", NOW)), null, NOW);
        return new AttemptJournal(null, "fal", 0, earlier, "w2", Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
