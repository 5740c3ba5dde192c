package io.genpipe.worker.journal;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.worker.Dispatches;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AttemptCallsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theLatestRequestOfACallIsTheOneToResume() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new JournaledCall(0, "req-a", "w1", NOW), NOW)
                .with(new JournaledCall(4, "req-b", "w1", NOW), NOW)
                .with(new JournaledCall(0, "req-c", "w2", NOW.plusSeconds(5)), NOW.plusSeconds(5));

        assertThat(calls.resumableRequest(0)).contains("req-c");
        assertThat(calls.resumableRequest(4)).contains("req-b");
        assertThat(calls.resumableRequest(8)).isEmpty();
    }

    @Test
    void aSynchronousCallCannotBeResumedAndCountsAsUnansweredUntilTheResult() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "openai", NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW);

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
                .with(new JournaledCall(0, null, "w1", NOW), NOW)
                .with(new JournaledCall(0, "req-a", "w1", NOW), NOW)
                .with(new JournaledCall(4, null, "w1", NOW), NOW);

        assertThat(identified.resumableRequest(0)).contains("req-a");
        assertThat(identified.resumableRequest(4)).isEmpty();
        assertThat(identified.lostCalls()).as("the submit of image 4 went out; its answer was lost").isEqualTo(1);
        assertThat(identified.lostCallImages()).as("what it asked, to price it").containsExactly(4);
        // A submit refused, then sent again and identified: the refused one is counted too (it may have been billed).
        AttemptCalls retried = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW)
                .with(new JournaledCall(0, "req-b", "w1", NOW), NOW);
        assertThat(retried.lostCalls()).isEqualTo(1);
        assertThat(retried.resumableRequest(0)).contains("req-b");
    }

    @Test
    void aRecordSurvivesTheTopicsJsonWithItsResult() {
        AttemptResult result = Dispatches.dispatch("job-1", "fal", "fal-ai/flux/schnell", "a cat", null, null, NOW)
                .failed(FailureClass.TIMEOUT, "no answer", BigDecimal.ZERO, 10, NOW);
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "fal", NOW)
                .with(new JournaledCall(0, "req-a", "w1", NOW), NOW).finished(result, NOW);

        AttemptCalls read = JsonSerde.instance().read(JsonSerde.instance().write(calls), AttemptCalls.class);

        assertThat(read).isEqualTo(calls);
        assertThat(read.key()).isEqualTo("job-1/1");
    }

    @Test
    void aCallLostInACrashIsReportedBesideTheRetryAndTheAnswerOfTheRunThatMadeItAgain() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "openai", NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW) // the run that crashed
                .with(new JournaledCall(0, null, "w2", NOW.plusSeconds(9)), NOW) // answered 429, retried
                .with(new JournaledCall(0, null, "w2", NOW.plusSeconds(10)), NOW);

        List<VendorCall> report = calls.report(1, Map.of(0, Optional.of(Usd.of("0.04"))),
                image -> Optional.of(Usd.of("0.05")));

        assertThat(report).extracting(VendorCall::callId, VendorCall::outcome, VendorCall::costUsd, VendorCall::instance)
                .containsExactly(
                        tuple("job-1/1/0", VendorCall.Outcome.LOST, new BigDecimal("0.05"), "w1"),
                        tuple("job-1/1/1", VendorCall.Outcome.RETRIED, BigDecimal.ZERO, "w2"),
                        tuple("job-1/1/2", VendorCall.Outcome.ANSWERED, new BigDecimal("0.04"), "w2"));
        assertThat(report.stream().filter(VendorCall::billable)).hasSize(2);
    }

    @Test
    void aResumedQueueRequestIsOneCallAndASplitCallIsNamedByItsImages() {
        // The earlier run submitted both calls of a split attempt; only the first one's id was recorded.
        AttemptCalls earlier = AttemptCalls.started("job-1", 2, "fal", NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW)
                .with(new JournaledCall(0, "req-a", "w1", NOW), NOW)
                .with(new JournaledCall(4, null, "w1", NOW), NOW);
        // this run resumes req-a and submits the images from 4 on again
        AttemptCalls calls = earlier.with(new JournaledCall(4, null, "w2", NOW), NOW)
                .with(new JournaledCall(4, "req-b", "w2", NOW), NOW);

        List<VendorCall> report = calls.report(3, Map.of(0, Optional.of(Usd.of("0.012")), 4, Optional.empty()),
                image -> Optional.empty());

        assertThat(report).extracting(VendorCall::callId, VendorCall::firstImage, VendorCall::vendorRequestId,
                        VendorCall::outcome, VendorCall::costUsd)
                .containsExactly(
                        tuple("job-1/2/0", 0, "req-a", VendorCall.Outcome.ANSWERED, new BigDecimal("0.012")),
                        tuple("job-1/2/2", 4, null, VendorCall.Outcome.LOST, null),
                        tuple("job-1/2/3", 4, "req-b", VendorCall.Outcome.ANSWERED, null));
        assertThat(report.stream().filter(call -> call.outcome() == VendorCall.Outcome.LOST))
                .as("the same calls the attempt's lostCalls counts").hasSize(earlier.lostCalls());
    }

    @Test
    void aCallWhoseAnswerNeverCameIsUnansweredAtAnUnknownCost() {
        AttemptCalls calls = AttemptCalls.started("job-1", 1, "google", NOW)
                .with(new JournaledCall(0, null, "w1", NOW), NOW);

        assertThat(calls.report(0, Map.of(), image -> Optional.of(Usd.of("0.04"))))
                .extracting(VendorCall::outcome, VendorCall::costUsd)
                .containsExactly(tuple(VendorCall.Outcome.UNANSWERED, null));
    }
}
