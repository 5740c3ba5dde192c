package io.genpipe.worker.retry;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.provider.ProviderSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Makes a call again, within the same attempt, when it failed for a reason that passes: RETRYABLE or RATE_LIMITED,
 * not billed, and not refused for good by the vendor ({@code X-Fal-Retryable: false}). Content rejections, invalid
 * requests, empty accounts and time-outs are never repeated: the same call would end the same way, or the time is
 * gone.
 *
 * <p>The wait is the vendor's stated one ({@code Retry-After}, {@code retry-after-ms}) or a back-off with full
 * jitter, and it is scheduled, never slept. Everything stays inside the attempt's time: a retry whose wait does not
 * leave as long as the failed call took is not started, and a stated wait past {@code max-back-off} or past what is
 * left ends the attempt with that failure, wait included, so the router re-routes the job and the breaker holds the
 * provider for the wait.
 */
final class RetryingAdapter implements VendorAdapter {

    /** 2^30 times the initial back-off is past any sensible maximum; the shift stays clear of overflow. */
    private static final int MAX_DOUBLINGS = 30;

    private final String provider;
    private final VendorAdapter delegate;
    private final ProviderSettings.Retry settings;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final MeterRegistry meters;

    RetryingAdapter(String provider, VendorAdapter delegate, ProviderSettings.Retry settings,
                    ScheduledExecutorService scheduler, RandomGenerator random, LongSupplier nanoTime,
                    MeterRegistry meters) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        Calls calls = new Calls(request, nanoTime.getAsLong() + request.timeout().toNanos());
        calls.next();
        return calls.result;
    }

    /** The calls of one request: each one started when the previous one's wait is over. */
    private final class Calls {

        private final GenerationRequest request;
        private final long deadlineNanos;
        private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        private int made;

        Calls(GenerationRequest request, long deadlineNanos) {
            this.request = request;
            this.deadlineNanos = deadlineNanos;
        }

        void next() {
            long started = nanoTime.getAsLong();
            // A retry gets what is left of the attempt, so the adapter's own time-out ends at the attempt's.
            GenerationRequest call = made == 0 ? request : request.withTimeout(Duration.ofNanos(deadlineNanos - started));
            made++;
            CompletableFuture<GenerationResult> answer;
            try {
                answer = delegate.generate(call);
            } catch (RuntimeException bug) {
                answer = CompletableFuture.failedFuture(bug);
            }
            answer.whenComplete((outcome, error) -> {
                if (error != null) {
                    result.complete(InternalErrors.failed(provider, request, error));
                    return;
                }
                try {
                    decide(outcome, nanoTime.getAsLong() - started);
                } catch (RuntimeException bug) {
                    result.complete(InternalErrors.failed(provider, request, bug));
                }
            });
        }

        private void decide(GenerationResult outcome, long tookNanos) {
            OptionalLong wait = waitBeforeRetry(outcome, tookNanos);
            if (wait.isEmpty()) {
                result.complete(outcome);
                return;
            }
            GenerationResult.Failed failed = (GenerationResult.Failed) outcome;
            try {
                scheduler.schedule(this::next, wait.getAsLong(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                result.complete(outcome);
                return;
            }
            Counter.builder("genpipe.worker.retries")
                    .description("vendor calls made again within an attempt, by the failure that caused it")
                    .tag("provider", provider)
                    .tag("failure", failed.failureClass().name())
                    .register(meters)
                    .increment();
        }

        /** How long to wait before the next call, or empty when this outcome ends the attempt. */
        private OptionalLong waitBeforeRetry(GenerationResult outcome, long tookNanos) {
            if (!(outcome instanceof GenerationResult.Failed failed) || !worthRetrying(failed)
                    || made >= settings.maxAttempts()) {
                return OptionalLong.empty();
            }
            long wait;
            if (failed.retryAfter() != null) {
                wait = failed.retryAfter().toNanos();
                if (wait > settings.maxBackOff().toNanos()) {
                    return OptionalLong.empty(); // longer than we would wait: another provider, and a held breaker
                }
            } else {
                wait = backOff(made);
            }
            long left = deadlineNanos - nanoTime.getAsLong();
            // A call like the one that just failed has to fit after the wait, or the retry would only time out.
            if (wait + tookNanos >= left) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(wait);
        }

        /** Full jitter: uniform in [0, min(max-back-off, initial-back-off x 2^(n-1))] before retry n. */
        private long backOff(int retry) {
            long initial = settings.initialBackOff().toNanos();
            long max = settings.maxBackOff().toNanos();
            int doublings = Math.min(retry - 1, MAX_DOUBLINGS);
            long cap = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
            return random.nextLong(cap + 1);
        }
    }

    /** Only a passing failure the vendor did not bill is worth the same call again. */
    static boolean worthRetrying(GenerationResult.Failed failed) {
        boolean passing = failed.failureClass() == FailureClass.RETRYABLE
                || failed.failureClass() == FailureClass.RATE_LIMITED;
        boolean unbilled = failed.cost() != null && failed.cost().compareTo(Usd.ZERO) == 0;
        return passing && unbilled && !failed.doNotRetry();
    }
}
