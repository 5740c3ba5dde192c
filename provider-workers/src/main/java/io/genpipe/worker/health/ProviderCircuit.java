package io.genpipe.worker.health;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.InternalErrors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One provider's circuit breaker around its vendor calls, used without blocking: a permission is taken before
 * the call and the outcome recorded when its future completes. Only failures on the provider's side count
 * against it; a rejected prompt, an invalid request or a bug of ours (INTERNAL_ERROR) says nothing about the
 * provider's health.
 *
 * <p>When a failure carries the wait the vendor stated (a 429 with {@code Retry-After: 30}) that the retries inside
 * the attempt could not absorb, the breaker is held open until then: the vendor said when it will take calls again,
 * so the next dispatches fail fast with RATE_LIMITED and health says DOWN, rather than each one asking again.
 *
 * <p>A provider that cannot work at all from the start (no API key) is held open for good: it reports DOWN with
 * that reason from the first heartbeat, rather than failing attempts until the breaker has seen enough of them.
 */
public final class ProviderCircuit {

    /** The reason of an attempt refused by an open breaker. */
    public static final String CIRCUIT_OPEN = "circuit open";

    /** The successes health's latency percentiles are taken over: recent enough to move within a minute or two. */
    private static final int RECENT_SUCCESSES = 128;

    private final String provider;
    private final CircuitBreaker breaker;
    private final String unusable;
    private final Clock clock;

    /** Until when the breaker is held open because the vendor asked to wait, and what it said; null when not. */
    private volatile Hold hold;
    private final RecentLatencies latencies = new RecentLatencies(RECENT_SUCCESSES);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile FailureClass lastFailure;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    /** When the breaker last opened on its own (the failure rate), for when it probes again. */
    private volatile Instant openedAt;

    public ProviderCircuit(String provider, CircuitBreaker breaker) {
        this(provider, breaker, null);
    }

    /**
     * @param unusable why the provider cannot work until this instance is restarted (e.g. "no API key in FAL_KEY"),
     *                 or null; safe to publish
     */
    public ProviderCircuit(String provider, CircuitBreaker breaker, String unusable) {
        this.provider = provider;
        this.breaker = breaker;
        this.unusable = unusable;
        // The breaker's own clock: a hold and the breaker's open wait are measured on one time line.
        this.clock = breaker.getCircuitBreakerConfig().getClock();
        breaker.getEventPublisher().onStateTransition(transition -> {
            if (transition.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
        });
        if (unusable != null) {
            breaker.transitionToForcedOpenState();
        }
    }

    public String provider() {
        return provider;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public HealthState state() {
        return HealthStates.of(breaker.getState());
    }

    /** For health reports: why the provider is in {@code state}. */
    public String reason(CircuitBreaker.State state) {
        if (unusable != null) {
            return unusable;
        }
        Hold held = activeHold(state);
        return held != null ? held.reason() : HealthStates.reason(state, breaker.getMetrics());
    }

    /** The figures behind {@code state}, for a health report. */
    public HealthFigures figures(CircuitBreaker.State state) {
        float rate = breaker.getMetrics().getFailureRate();
        boolean up = HealthStates.of(state) == HealthState.UP;
        return new HealthFigures(consecutiveFailures.get(), rate < 0 ? null : Math.min(1.0, rate / 100.0),
                boxed(latencies.percentile(50)), boxed(latencies.percentile(95)),
                up || unusable != null ? null : lastFailure, cooldownUntil(state), lastSuccessAt, lastFailureAt);
    }

    /** While OPEN: the end of a hold, or when the breaker's own wait ends; null otherwise (and when FORCED_OPEN). */
    private Instant cooldownUntil(CircuitBreaker.State state) {
        if (state != CircuitBreaker.State.OPEN) {
            return null;
        }
        Hold held = activeHold(state);
        if (held != null) {
            return held.until();
        }
        Instant opened = openedAt;
        return opened == null ? null : opened.plusMillis(
                breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /**
     * Runs {@code vendorCall} if the breaker lets it through, or answers at once without calling the vendor: a
     * RETRYABLE "circuit open" failure (or the reason the provider is unusable), or RATE_LIMITED while the vendor's
     * stated wait holds the breaker open. A call that throws or fails exceptionally is a bug of ours: it is logged
     * and ends INTERNAL_ERROR, which the breaker does not count.
     */
    public CompletableFuture<GenerationResult> call(String jobId, int attempt,
                                                    Supplier<CompletableFuture<GenerationResult>> vendorCall) {
        return call(jobId, attempt, false, vendorCall);
    }

    /**
     * As {@link #call(String, int, Supplier)}; a {@code longRunning} call (a training, minutes by nature) is not
     * timed: its length says nothing about the provider's speed, so it neither counts as a slow call nor enters the
     * latencies health reports.
     */
    public CompletableFuture<GenerationResult> call(String jobId, int attempt, boolean longRunning,
                                                    Supplier<CompletableFuture<GenerationResult>> vendorCall) {
        if (unusable != null) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.RETRYABLE,
                    "provider misconfigured: " + unusable));
        }
        if (!breaker.tryAcquirePermission()) {
            Hold held = activeHold(breaker.getState());
            return CompletableFuture.completedFuture(held != null
                    ? GenerationResult.Failed.of(FailureClass.RATE_LIMITED, held.reason())
                    : GenerationResult.Failed.of(FailureClass.RETRYABLE, CIRCUIT_OPEN));
        }
        long started = System.nanoTime();
        CompletableFuture<GenerationResult> call;
        try {
            call = vendorCall.get();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((result, error) -> {
            GenerationResult outcome = error == null ? result : InternalErrors.failed(provider, jobId, attempt, error);
            record(outcome, longRunning ? -1 : System.nanoTime() - started);
            return outcome;
        });
    }

    /** @param timedNanos how long the call took; -1 for a call that is not timed (it records as instant) */
    private void record(GenerationResult outcome, long timedNanos) {
        long nanos = Math.max(0, timedNanos);
        if (!(outcome instanceof GenerationResult.Failed failed)) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            if (timedNanos >= 0) {
                latencies.record(TimeUnit.NANOSECONDS.toMillis(nanos));
            }
            consecutiveFailures.set(0);
            lastSuccessAt = clock.instant();
            return;
        }
        if (failed.failureClass() == FailureClass.INTERNAL_ERROR) {
            // Neither a success nor a failure of the provider: the permission is handed back unrecorded.
            breaker.releasePermission();
        } else if (countsAgainstProvider(failed.failureClass())) {
            lastFailure = failed.failureClass();
            lastFailureAt = clock.instant();
            consecutiveFailures.incrementAndGet();
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(failed));
            failed.statedWait().ifPresent(wait -> holdOpen(wait, failed));
        } else {
            // An answer about the request itself: the provider is working.
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Holds the breaker open for the vendor's stated wait, or longer if it already is: a hold never shortens an open
     * breaker's wait, its own or one the failure rate just started.
     */
    private synchronized void holdOpen(Duration wait, GenerationResult.Failed failed) {
        CircuitBreaker.State state = breaker.getState();
        if (wait.isZero() || state == CircuitBreaker.State.FORCED_OPEN || state == CircuitBreaker.State.DISABLED) {
            return;
        }
        Instant now = clock.instant();
        Instant until = now.plus(wait);
        Hold current = hold;
        if (current != null && !until.isAfter(current.until())) {
            return;
        }
        if (state == CircuitBreaker.State.OPEN && current == null) {
            // Opened by the failure rate just now (or while this call was in flight): wait at least as it would.
            Instant own = now.plus(Duration.ofMillis(
                    breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)));
            until = own.isAfter(until) ? own : until;
        }
        hold = new Hold(until, "circuit open until " + until + ": the vendor asked to wait "
                + wait.toMillis() + " ms (" + failed.failureClass() + ": " + failed.reason() + ")");
        breaker.transitionToOpenStateUntil(until);
    }

    /** The hold in force, if the breaker is open because of it; a hold that has run out is forgotten. */
    private Hold activeHold(CircuitBreaker.State state) {
        Hold held = hold;
        if (held == null) {
            return null;
        }
        if (state != CircuitBreaker.State.OPEN || !clock.instant().isBefore(held.until())) {
            hold = null;
            return null;
        }
        return held;
    }

    static boolean countsAgainstProvider(FailureClass failureClass) {
        return switch (failureClass) {
            case RETRYABLE, TIMEOUT, RATE_LIMITED, CREDIT_EXHAUSTED, AUTH_FAILED -> true;
            case CONTENT_REJECTED, INVALID_REQUEST -> false;
            case INTERNAL_ERROR -> false; // a bug of ours; the provider may be fine
            case NO_PROVIDER_AVAILABLE, BUDGET_EXHAUSTED -> false; // the router's, never a vendor's answer
        };
    }

    private record Hold(Instant until, String reason) {
    }

    /** What the breaker records for a failed call; no stack trace, it is an outcome, not a bug. */
    static final class ProviderFailure extends RuntimeException {

        ProviderFailure(GenerationResult.Failed failed) {
            super(failed.failureClass() + ": " + failed.reason(), null, false, false);
        }
    }
}
