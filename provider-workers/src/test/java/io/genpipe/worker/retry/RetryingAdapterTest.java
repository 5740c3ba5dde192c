package io.genpipe.worker.retry;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.ManualScheduler;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.provider.ProviderSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries inside one attempt, on a scheduler whose time the test moves: nothing here sleeps. */
class RetryingAdapterTest {

    private static final Failed UNAVAILABLE = Failed.of(FailureClass.RETRYABLE, "HTTP 503");
    private static final GenerationResult GENERATED = new GenerationResult.Generated(List.of(), Usd.of("0.003"));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeVendor vendor = new FakeVendor();
    /** The widest wait full jitter may draw, so back-off bounds show; each bound asked for is kept. */
    private final List<Long> jitterBounds = new ArrayList<>();
    private final RandomGenerator widest = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are expected");
        }

        @Override
        public long nextLong(long bound) {
            jitterBounds.add(bound);
            return bound - 1;
        }
    };

    @Test
    void aTransientFailureIsMadeAgainAfterAFullJitterBackOffThatDoublesAndThenSucceeds() {
        vendor.answers(UNAVAILABLE, Failed.of(FailureClass.RATE_LIMITED, "HTTP 429"), GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(60)));

        assertThat(vendor.calls()).isEqualTo(1);
        assertThat(scheduler.pending()).containsExactly(millis(200));
        scheduler.advance(199, TimeUnit.MILLISECONDS);
        assertThat(vendor.calls()).isEqualTo(1);
        scheduler.advance(1, TimeUnit.MILLISECONDS);
        assertThat(vendor.calls()).isEqualTo(2);
        assertThat(scheduler.pending()).containsExactly(millis(200 + 400));
        scheduler.advance(400, TimeUnit.MILLISECONDS);

        assertThat(result).isCompletedWithValue(GENERATED);
        assertThat(vendor.calls()).isEqualTo(3);
        assertThat(jitterBounds).containsExactly(millis(200) + 1, millis(400) + 1);
        assertThat(meters.counter("genpipe.worker.retries", "provider", "fal", "failure", "RETRYABLE").count())
                .isEqualTo(1);
        assertThat(meters.counter("genpipe.worker.retries", "provider", "fal", "failure", "RATE_LIMITED").count())
                .isEqualTo(1);
    }

    @Test
    void theBackOffNeverExceedsMaxBackOff() {
        vendor.answers(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, GENERATED);
        ProviderSettings.Retry settings = new ProviderSettings.Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(3));

        CompletableFuture<GenerationResult> result = adapter(settings).generate(request(Duration.ofSeconds(60)));
        scheduler.advance(20, TimeUnit.SECONDS);

        assertThat(result).isCompletedWithValue(GENERATED);
        assertThat(jitterBounds).containsExactly(millis(1000) + 1, millis(2000) + 1, millis(3000) + 1,
                millis(3000) + 1);
    }

    @Test
    void aWaitTheVendorStatedIsHonouredExactly() {
        vendor.answers(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429").withRetryAdvice(Duration.ofMillis(1500), false),
                GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(60)));

        assertThat(scheduler.pending()).containsExactly(millis(1500));
        scheduler.advance(1499, TimeUnit.MILLISECONDS);
        assertThat(vendor.calls()).isEqualTo(1);
        scheduler.advance(1, TimeUnit.MILLISECONDS);
        assertThat(result).isCompletedWithValue(GENERATED);
        assertThat(jitterBounds).isEmpty();
    }

    @Test
    void aStatedWaitLongerThanMaxBackOffEndsTheAttemptWithThatFailureAndItsWait() {
        Failed limited = Failed.of(FailureClass.RATE_LIMITED, "HTTP 429").withRetryAdvice(Duration.ofSeconds(30), false);
        vendor.answers(limited, GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(120)));

        assertThat(result).isCompletedWithValue(limited);
        assertThat(vendor.calls()).isEqualTo(1);
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aStatedWaitLongerThanWhatIsLeftOfTheAttemptEndsIt() {
        Failed limited = Failed.of(FailureClass.RATE_LIMITED, "HTTP 429").withRetryAdvice(Duration.ofSeconds(3), false);
        vendor.answers(limited, GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(2)));

        assertThat(result).isCompletedWithValue(limited);
        assertThat(vendor.calls()).isEqualTo(1);
    }

    @Test
    void noRetryStartsThatCannotFinishBeforeTheAttemptsTimeout() {
        vendor.latency(millis(300));
        vendor.answers(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, GENERATED);
        ProviderSettings.Retry settings = new ProviderSettings.Retry(10, Duration.ofMillis(200), Duration.ofSeconds(5));

        CompletableFuture<GenerationResult> result = adapter(settings).generate(request(Duration.ofSeconds(1)));
        scheduler.advance(5, TimeUnit.SECONDS);

        // Call 1 runs 0-300 ms, waits 200 ms; call 2 runs 500-800 ms; a wait of up to 400 ms and another 300 ms call
        // do not fit in the 200 ms left, so the attempt ends with call 2's failure, before its deadline.
        assertThat(result).isCompletedWithValue(UNAVAILABLE);
        assertThat(vendor.starts()).containsExactly(0L, millis(500));
        assertThat(vendor.timeouts()).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    @Test
    void maxAttemptsCountsEveryCallTheFirstIncluded() {
        vendor.answers(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(60)));
        scheduler.advance(10, TimeUnit.SECONDS);

        assertThat(result).isCompletedWithValue(UNAVAILABLE);
        assertThat(vendor.calls()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = FailureClass.class, names = {"CONTENT_REJECTED", "INVALID_REQUEST", "CREDIT_EXHAUSTED",
            "TIMEOUT", "INTERNAL_ERROR"})
    void aFailureThatIsNotTransientIsNeverMadeAgain(FailureClass failureClass) {
        Failed failed = Failed.of(failureClass, "test").withRetryAdvice(Duration.ofMillis(10), false);
        vendor.answers(failed, GENERATED);

        CompletableFuture<GenerationResult> result = adapter(defaults()).generate(request(Duration.ofSeconds(60)));

        assertThat(result).isCompletedWithValue(failed);
        assertThat(vendor.calls()).isEqualTo(1);
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aBilledOrPossiblyBilledFailureIsNeverMadeAgain() {
        Failed billed = new Failed(FailureClass.RETRYABLE, "HTTP 422 model failed", Usd.of("0.003"));
        Failed unknownCost = new Failed(FailureClass.RETRYABLE, "HTTP 422 model failed", null);
        for (Failed failed : List.of(billed, unknownCost)) {
            FakeVendor fresh = new FakeVendor();
            fresh.answers(failed, GENERATED);

            CompletableFuture<GenerationResult> result = adapter(defaults(), fresh).generate(request(Duration.ofSeconds(60)));

            assertThat(result).isCompletedWithValue(failed);
            assertThat(fresh.calls()).isEqualTo(1);
        }
    }

    @Test
    void aVendorThatSaysARetryWouldFailTooIsNotAskedAgain() {
        Failed refused = UNAVAILABLE.withRetryAdvice(null, true);
        vendor.answers(refused, GENERATED);

        assertThat(adapter(defaults()).generate(request(Duration.ofSeconds(60)))).isCompletedWithValue(refused);
        assertThat(vendor.calls()).isEqualTo(1);
    }

    @Test
    void anAdapterThatThrowsIsAnInternalErrorAndIsNotRetried() {
        VendorAdapter buggy = request -> {
            throw new IllegalStateException("bug");
        };

        GenerationResult result = new RetryingAdapter("fal", buggy, defaults(), scheduler, widest, scheduler::nanoTime,
                meters).generate(request(Duration.ofSeconds(60))).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INTERNAL_ERROR, "internal error (IllegalStateException)"));
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aSchedulerThatIsShuttingDownEndsTheAttemptWithTheFailure() {
        vendor.answers(UNAVAILABLE, GENERATED);
        scheduler.shutdown();

        assertThat(adapter(defaults()).generate(request(Duration.ofSeconds(60)))).isCompletedWithValue(UNAVAILABLE);
    }

    private RetryingAdapter adapter(ProviderSettings.Retry settings) {
        return adapter(settings, vendor);
    }

    private RetryingAdapter adapter(ProviderSettings.Retry settings, VendorAdapter delegate) {
        return new RetryingAdapter("fal", delegate, settings, scheduler, widest, scheduler::nanoTime, meters);
    }

    private static ProviderSettings.Retry defaults() {
        return ProviderSettings.Retry.DEFAULTS;
    }

    private static GenerationRequest request(Duration timeout) {
        return new GenerationRequest("job-1", 1, TestCatalog.flux(), "a cat", ImageParams.defaults(), timeout);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Answers in turn; with a latency, each answer arrives that long after the call, on the test's scheduler. */
    private final class FakeVendor implements VendorAdapter {

        private final Deque<GenerationResult> answers = new ArrayDeque<>();
        private final List<Long> starts = new ArrayList<>();
        private final List<Duration> timeouts = new ArrayList<>();
        private long latencyNanos;

        void answers(GenerationResult... results) {
            answers.addAll(List.of(results));
        }

        void latency(long nanos) {
            latencyNanos = nanos;
        }

        int calls() {
            return starts.size();
        }

        List<Long> starts() {
            return starts;
        }

        List<Duration> timeouts() {
            return timeouts;
        }

        @Override
        public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
            starts.add(scheduler.nanoTime());
            timeouts.add(request.timeout());
            GenerationResult answer = answers.removeFirst();
            if (latencyNanos == 0) {
                return CompletableFuture.completedFuture(answer);
            }
            CompletableFuture<GenerationResult> later = new CompletableFuture<>();
            scheduler.schedule(() -> later.complete(answer), latencyNanos, TimeUnit.NANOSECONDS);
            return later;
        }
    }
}
