package io.genpipe.worker.dispatch;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.health.ProviderCircuits;
import io.genpipe.worker.provider.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptRunnerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final List<GenerationRequest> calls = new ArrayList<>();
    private GenerationResult answer = new GenerationResult.Generated(
            List.of(new ImageRef("https://v3.fal.media/files/a.png", 1024, 768, "image/png")), Usd.of("0.00225"));

    private final VendorAdapter adapter = request -> {
        calls.add(request);
        return CompletableFuture.completedFuture(answer);
    };

    @Test
    void reportsTheVendorsImagesAndCostAsASucceededAttempt() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-1", NOW.plusSeconds(60), NOW);

        AttemptResult result = runner("fal", false).run(dispatch, CallJournal.NONE).join();

        assertThat(result).isInstanceOf(AttemptSucceeded.class);
        AttemptSucceeded succeeded = (AttemptSucceeded) result;
        assertThat(succeeded.jobId()).isEqualTo("job-1");
        assertThat(succeeded.provider()).isEqualTo("fal");
        assertThat(succeeded.images()).hasSize(1);
        assertThat(succeeded.costUsd()).isEqualByComparingTo("0.00225").hasToString("0.00225");
        assertThat(succeeded.occurredAt()).isEqualTo(NOW);
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.model()).isEqualTo(TestCatalog.flux());
            assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void sendsTheVendorTheDispatchedParametersNotTheJobsOwn() {
        AttemptDispatched asked = Dispatches.falDispatch("job-fit", null, NOW);
        ImageParams fitted = new ImageParams(1008, 1008, 1, null, null);
        AttemptDispatched dispatch = new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, "e-1", asked.jobId(), NOW, 1,
                "fal", asked.model(), "test", null, asked.job(), List.of(), fitted,
                List.of("size 1000x1000 sent as 1008x1008"), null, null);

        runner("fal", false).run(dispatch, CallJournal.NONE).join();

        assertThat(calls).singleElement().satisfies(call -> assertThat(call.params()).isEqualTo(fitted));
    }

    @Test
    void moreImagesThanTheModelMakesPerCallAreMadeInSeveralCallsAndBilledForAll() {
        AttemptDispatched asked = Dispatches.dispatch("job-split", "fal", "fal-ai/flux/schnell", "ten kites",
                new ImageParams(1024, 768, 10, null, null), null, NOW);

        AttemptResult result = runner("fal", false).run(asked, CallJournal.NONE).join();

        // flux/schnell makes at most 4 images a call: 4 + 4 + 2, numbered on across the calls.
        assertThat(calls).extracting(call -> call.params().count()).containsExactly(4, 4, 2);
        assertThat(calls).extracting(GenerationRequest::firstImage).containsExactly(0, 4, 8);
        assertThat(result).isInstanceOfSatisfying(AttemptSucceeded.class, succeeded -> {
            assertThat(succeeded.images()).hasSize(3); // the stub answers one image a call
            assertThat(succeeded.costUsd()).isEqualByComparingTo("0.00675");
        });
    }

    @Test
    void aSplitAttemptWithOneFailedCallFailsAndStillCostsWhatTheOtherCallsBilled() {
        List<GenerationResult> answers = new ArrayList<>(List.of(answer,
                GenerationResult.Failed.of(FailureClass.RATE_LIMITED, "HTTP 429"), answer));
        VendorAdapter flaky = request -> CompletableFuture.completedFuture(answers.remove(0));

        GenerationResult result = SplitCalls.generate(flaky, GenerationRequest.of(Dispatches.dispatch("job-flaky",
                "fal", "fal-ai/flux/schnell", "ten kites", new ImageParams(1024, 768, 10, null, null), null, NOW),
                TestCatalog.flux(), Duration.ofSeconds(30), CallJournal.NONE, null)).join();

        assertThat(result).isEqualTo(new GenerationResult.Failed(FailureClass.RATE_LIMITED, "call 2 of 3: HTTP 429",
                Usd.of("0.0045")));
    }

    @Test
    void anUnknownCostIsReportedAsNoCostNotAsZero() {
        answer = new GenerationResult.Generated(List.of(new ImageRef("https://v3.fal.media/files/a.png", 1024, 768,
                "image/png")), null);

        AttemptResult result = runner("fal", false).run(Dispatches.falDispatch("job-unknown", null, NOW), CallJournal.NONE).join();

        assertThat(((AttemptSucceeded) result).costUsd()).isNull();
    }

    @Test
    void anAttemptWhoseDeadlineHasPassedTimesOutWithoutCallingTheVendor() {
        AttemptDispatched dispatch = Dispatches.falDispatch("job-2", NOW.minusMillis(1), NOW.minusSeconds(30));

        AttemptResult result = runner("fal", false).run(dispatch, CallJournal.NONE).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("deadline passed before the call");
            assertThat(failed.costUsd()).isZero();
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void aModelTheCatalogDoesNotListForTheProviderIsAnInvalidRequestWithoutAVendorCall() {
        AttemptDispatched dispatch = Dispatches.dispatch("job-5", "fal", "fal-ai/flux/dev", "a cat",
                ImageParams.defaults(), null, NOW);

        AttemptResult result = runner("fal", false).run(dispatch, CallJournal.NONE).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
            assertThat(failed.reason()).isEqualTo("model 'fal-ai/flux/dev' is not in the catalog for provider fal");
            assertThat(failed.costUsd()).isZero();
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void aModelShutDownTodayIsAnInvalidRequestNamingItsReplacement() {
        AttemptDispatched dispatch = Dispatches.dispatch("job-6", "openai", "gpt-image-1-mini", "a cat",
                ImageParams.defaults(), null, NOW);

        AttemptResult result = runner("openai", false).run(dispatch, CallJournal.NONE).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
            assertThat(failed.reason()).isEqualTo("model shut down on 2026-12-01; replacement gpt-image-2.6-flare");
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void reportsAClassifiedFailureWithWhatTheVendorBilled() {
        answer = new GenerationResult.Failed(FailureClass.CONTENT_REJECTED, "HTTP 422 content_policy_violation",
                Usd.of("0.003"));

        AttemptResult result = runner("fal", false).run(Dispatches.falDispatch("job-3", null, NOW), CallJournal.NONE).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED);
            assertThat(failed.reason()).isEqualTo("HTTP 422 content_policy_violation");
            assertThat(failed.costUsd()).isEqualByComparingTo("0.003");
        });
    }

    @Test
    void anOpenCircuitFailsTheAttemptAtOnce() {
        AttemptRunner runner = runner("fal", true);

        AttemptResult result = runner.run(Dispatches.falDispatch("job-4", null, NOW), CallJournal.NONE).join();

        assertThat(result).isInstanceOfSatisfying(AttemptFailed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.reason()).isEqualTo("circuit open");
        });
        assertThat(calls).isEmpty();
    }

    private AttemptRunner runner(String provider, boolean circuitOpen) {
        WorkerSettings.CircuitBreaker settings = new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, null, 100f);
        var circuit = new ProviderCircuits(List.of(TestCatalog.served(provider, "k")), settings, CLOCK).of(provider);
        if (circuitOpen) {
            circuit.breaker().transitionToOpenState();
        }
        return new AttemptRunner(TestCatalog.provider(provider), adapter, circuit, Duration.ofSeconds(30), null, CLOCK);
    }
}
