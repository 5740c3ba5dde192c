package io.genpipe.worker.journal;

import io.genpipe.worker.adapter.CallJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptJournalTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void anEarlierRunsRequestIsResumedOnceAndARetryInThisRunSubmitsAfresh() {
        AttemptCalls earlier = new AttemptCalls("job-1", 1, "fal",
                List.of(new JournaledCall(0, "req-a", "w1", NOW)), null, NOW);
        CallJournal journal = new AttemptJournal(null, "fal", 0, earlier, "w2", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(journal.resumes(0)).as("asking does not take the resume").isTrue();
        assertThat(journal.resumes(0)).isTrue();
        assertThat(journal.submittedRequest(0)).contains("req-a");
        assertThat(journal.resumes(0)).isFalse();
        assertThat(journal.submittedRequest(0)).as("the retry of a failed resumed request").isEmpty();
        assertThat(journal.resumes(4)).isFalse();
        assertThat(journal.submittedRequest(4)).as("a call never made").isEmpty();
    }
}
