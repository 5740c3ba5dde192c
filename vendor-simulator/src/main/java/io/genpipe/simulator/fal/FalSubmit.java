package io.genpipe.simulator.fal;

import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.fal.FalBodies.Detail;
import io.genpipe.simulator.fal.FalBodies.Failure;
import io.genpipe.simulator.fal.FalBodies.Violations;
import io.genpipe.simulator.profile.Chance;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides, at submit, everything about a request: refused now (outage, balance, the account's limit, rate limit,
 * bad input) or accepted with a latency and an outcome that the status and result calls later reveal.
 */
final class FalSubmit {

    /** Prompts carrying this marker are refused by the simulated safety checker. */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** A prompt carrying this marker runs, and its first image comes back flagged in {@code has_nsfw_concepts}. */
    static final String UNSAFE_OUTPUT_MARKER = "[unsafe-output]";

    private static final Failure OUTAGE = Failure.infrastructure(503, "runner_scheduling_failure",
            "Failed to schedule the request: no runner is available for this application.");
    private static final Failure LOCKED = new Failure(403, new Detail(
            "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."), Map.of());
    private static final Failure RATE_LIMITED = new Failure(429, new Detail("Rate limit exceeded"), Map.of());
    private static final List<Failure> MODEL_FAILURES = List.of(
            Failure.infrastructure(500, "internal_error", "Internal server error"),
            Failure.infrastructure(504, "request_timeout", "Request timed out"));

    /** A day: longer start deadlines are not a client we simulate for. */
    private static final BigDecimal MAX_REQUEST_TIMEOUT_SECONDS = BigDecimal.valueOf(86_400);

    private final Chance chance;
    private final RequestBucket requestsPerMinute = new RequestBucket();

    FalSubmit(Chance chance) {
        this.chance = chance;
    }

    /** Either the request to store, or the error to answer the submit call with. */
    sealed interface Decision {
        record Accepted(FalRequest request) implements Decision {
        }

        record Refused(Failure failure) implements Decision {
        }

        /** Refused because the account's own limit was reached, as a client's limiter should have prevented. */
        record OverLimit(Failure failure) implements Decision {
        }
    }

    /**
     * The request headers fal reads at submit, as sent (null when absent).
     *
     * @param requestTimeout {@code X-Fal-Request-Timeout}: seconds the request may wait to start
     * @param noRetry        {@code x-fal-no-retry}: turns fal's own retries off. The simulator never retries, so it
     *                       only records it
     */
    record SubmitHeaders(String requestTimeout, String noRetry) {

        static final SubmitHeaders NONE = new SubmitHeaders(null, null);

        boolean noRetrySet() {
            return noRetry != null && Set.of("1", "true", "yes").contains(noRetry.trim().toLowerCase(Locale.ROOT));
        }

        /** The start deadline, null when not sent; an unusable value is refused with a 400. */
        Duration startTimeout() {
            if (requestTimeout == null) {
                return null;
            }
            try {
                BigDecimal seconds = new BigDecimal(requestTimeout.trim());
                if (seconds.signum() > 0 && seconds.compareTo(MAX_REQUEST_TIMEOUT_SECONDS) <= 0) {
                    return Duration.ofNanos(seconds.movePointRight(9).longValue());
                }
            } catch (NumberFormatException notANumber) {
                // refused below
            }
            throw new IllegalArgumentException("X-Fal-Request-Timeout must be a positive number of seconds");
        }
    }

    Decision decide(VendorProfile profile, String modelId, SubmitHeaders headers, Optional<JsonNode> body,
                    Instant now) {
        // Gateway checks come first, as at fal: a locked or throttled account never reaches the model.
        if (profile.outage()) {
            return new Decision.Refused(OUTAGE);
        }
        if (profile.creditExhausted()) {
            return new Decision.Refused(LOCKED);
        }
        if (!requestsPerMinute.tryTake(profile.requestsPerMinute(), now)) {
            return new Decision.OverLimit(rateLimited(profile));
        }
        if (chance.happens(profile.rateLimitRate())) {
            return new Decision.Refused(rateLimited(profile));
        }
        Duration startTimeout;
        try {
            startTimeout = headers.startTimeout();
        } catch (IllegalArgumentException badHeader) {
            return new Decision.Refused(new Failure(400, new Detail(badHeader.getMessage()), Map.of()));
        }
        boolean training = FalModel.of(modelId) == FalModel.LORA_TRAINING;
        FalInput input = null;
        FalTrainingInput trainingInput = null;
        try {
            if (training) {
                trainingInput = FalTrainingInput.parse(body.orElse(null));
            } else {
                input = FalInput.parse(modelId, body.orElse(null));
            }
        } catch (FalInput.Invalid invalid) {
            return new Decision.Refused(new Failure(422, new Violations(List.of(invalid.violation())), Map.of()));
        }
        // The latency is drawn before the outcome, as it always was, so a seed gives the runs it gave before.
        Duration latency = chance.latency(profile.latency());
        FalOutcome outcome = training ? trained(profile, trainingInput) : outcome(profile, input);
        FalRequest.Received received = new FalRequest.Received(modelId, headers.noRetrySet(), startTimeout);
        return new Decision.Accepted(FalRequest.submitted(UUID.randomUUID().toString(), received, now, latency, outcome));
    }

    /** A training runs for the profile's latency, like any request, so a test can make it short. */
    private FalOutcome trained(VendorProfile profile, FalTrainingInput input) {
        if (chance.happens(profile.errorRate())) {
            return new FalOutcome.Failed(MODEL_FAILURES.get(chance.pick(MODEL_FAILURES.size())));
        }
        return new FalOutcome.Trained(input.steps());
    }

    /** fal's 429: the same body for the account's limit as for a random refusal; no cause is given. */
    private static Failure rateLimited(VendorProfile profile) {
        return profile.retryAfter() == null ? RATE_LIMITED
                : new Failure(429, RATE_LIMITED.body(), profile.retryAfterHeaders(false));
    }

    private FalOutcome outcome(VendorProfile profile, FalInput input) {
        if (input.prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_MARKER)) {
            return new FalOutcome.Failed(Failure.contentPolicy());
        }
        if (chance.happens(profile.errorRate())) {
            return new FalOutcome.Failed(MODEL_FAILURES.get(chance.pick(MODEL_FAILURES.size())));
        }
        if (chance.happens(profile.malformedRate())) {
            return new FalOutcome.Malformed();
        }
        long seed = input.seed().isPresent() ? input.seed().getAsLong() : chance.seed();
        return new FalOutcome.Generated(input.prompt(), seed, input.width(), input.height(), input.numImages());
    }
}
