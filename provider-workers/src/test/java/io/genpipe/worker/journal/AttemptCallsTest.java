package io.genpipe.worker.journal;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.worker.Dispatches;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptCallsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theLatestRequestOfACallIsTheOneToResume() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new VendorCall(0, "req-a", "w1", NOW), NOW)
                .with(new VendorCall(4, "req-b", "w1", NOW), NOW)
                .with(new VendorCall(0, "req-c", "w2", NOW.plusSeconds(5)), NOW.plusSeconds(5));

        assertThat(calls.resumableRequest(0)).contains("req-c");
        assertThat(calls.resumableRequest(4)).contains("req-b");
        assertThat(calls.resumableRequest(8)).isEmpty();
    }

    @Test
    void aSynchronousCallCannotBeResumedAndCountsAsUnansweredUntilTheResult() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "openai", NOW)
                .with(new VendorCall(0, null, "w1", NOW), NOW);

        assertThat(calls.resumableRequest(0)).isEmpty();
        assertThat(calls.callsWithoutResult()).isEqualTo(1);
        AttemptResult result = Dispatches.dispatch("job-1", "openai", "gpt-image-2", "a cat", null, null, NOW)
                .failed(FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 10, NOW);
        assertThat(calls.finished(result, NOW).callsWithoutResult()).isZero();
    }

    @Test
    void aQueueSubmitIsLostOnlyWhenItsRequestIdWasNeverRecorded() {
        // Each queue submit is recorded going out (no id), then again with the id fal answered.
        AttemptCalls identified = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new VendorCall(0, null, "w1", NOW), NOW)
                .with(new VendorCall(0, "req-a", "w1", NOW), NOW)
                .with(new VendorCall(4, null, "w1", NOW), NOW);

        assertThat(identified.resumableRequest(0)).contains("req-a");
        assertThat(identified.resumableRequest(4)).isEmpty();
        assertThat(identified.lostCalls()).as("the submit of image 4 went out; its answer was lost").isEqualTo(1);
        assertThat(identified.lostCallImages()).as("what it asked, to price it").containsExactly(4);
        // A submit refused, then sent again and identified: the refused one is counted too (it may have been billed).
        AttemptCalls retried = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new VendorCall(0, null, "w1", NOW), NOW)
                .with(new VendorCall(0, null, "w1", NOW), NOW)
                .with(new VendorCall(0, "req-b", "w1", NOW), NOW);
        assertThat(retried.lostCalls()).isEqualTo(1);
        assertThat(retried.resumableRequest(0)).contains("req-b");
    }

    @Test
    void aRecordSurvivesTheTopicsJsonWithItsResult() {
        AttemptResult result = Dispatches.dispatch("job-1", "fal", "fal-ai/flux/schnell", "a cat", null, null, NOW)
                .failed(FailureClass.TIMEOUT, "no answer", BigDecimal.ZERO, 10, NOW);
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new VendorCall(0, "req-a", "w1", NOW), NOW).finished(result, NOW);

        AttemptCalls read = JsonSerde.instance().read(JsonSerde.instance().write(calls), AttemptCalls.class);

        assertThat(read).isEqualTo(calls);
        assertThat(read.key()).isEqualTo("job-1/1");
    }
}
