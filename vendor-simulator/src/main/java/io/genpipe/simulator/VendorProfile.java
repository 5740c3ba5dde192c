package io.genpipe.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one vendor behaves right now. Immutable; change it at runtime with
 * {@link VendorSimulator#profile(Vendor, VendorProfile)} or {@code PUT /__simulator/profile}.
 *
 * @param latency           how long a generation takes (fal: submit to COMPLETED; OpenAI: until the response)
 * @param errorRate         fraction [0,1] of accepted generations that fail with a 5xx in the vendor's shape
 * @param rateLimitRate     fraction [0,1] of generation calls refused with the vendor's 429, at random
 * @param creditExhausted   every generation call is refused as the vendor refuses an account out of balance
 * @param outage            every generation call fails as the vendor fails in an outage (503)
 * @param retryAfter        the wait a 429 states: {@code Retry-After} in whole seconds, rounded up (and OpenAI's
 *                          {@code retry-after-ms}); null: no such header, as the vendors mostly answer
 * @param requestsPerMinute the account's limit R on generation calls (fal submits, OpenAI generations), at least 1:
 *                          a token bucket refilled at R/60 a second that holds one second's worth, max(1, R/60),
 *                          because vendors enforce per-minute limits over shorter periods. A call over it gets the
 *                          vendor's 429 and counts as a limit refusal. Null (the default): no limit
 * @param concurrency       the account's limit C on generations in progress, at least 1. fal: at most C requests
 *                          IN_PROGRESS; later submissions are accepted and wait IN_QUEUE for a slot, never refused
 *                          (vendor-apis.md section 1). OpenAI: a call arriving while C are held open gets its 429 and
 *                          counts as a limit refusal. Null (the default): no limit
 * @param malformedRate     fraction [0,1] of generations that end in a 200 whose body is not the vendor's shape (JSON
 *                          cut off mid-object, or image bytes that are no image), as a proxy or a broken deploy hands
 *                          on: a client must take it as the vendor's failure, not crash on it
 */
public record VendorProfile(LatencyProfile latency, double errorRate, double rateLimitRate,
                            boolean creditExhausted, boolean outage, Duration retryAfter, Integer requestsPerMinute,
                            Integer concurrency, double malformedRate) {

    public VendorProfile {
        Objects.requireNonNull(latency, "latency");
        requireRate("errorRate", errorRate);
        requireRate("rateLimitRate", rateLimitRate);
        requireRate("malformedRate", malformedRate);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        requireLimit("requestsPerMinute", requestsPerMinute);
        requireLimit("concurrency", concurrency);
    }

    /** Without malformed answers. */
    public VendorProfile(LatencyProfile latency, double errorRate, double rateLimitRate, boolean creditExhausted,
                         boolean outage, Duration retryAfter, Integer requestsPerMinute, Integer concurrency) {
        this(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter, requestsPerMinute, concurrency, 0.0);
    }

    public VendorProfile(LatencyProfile latency, double errorRate, double rateLimitRate, boolean creditExhausted,
                         boolean outage) {
        this(latency, errorRate, rateLimitRate, creditExhausted, outage, null);
    }

    /** Without account limits. */
    public VendorProfile(LatencyProfile latency, double errorRate, double rateLimitRate, boolean creditExhausted,
                         boolean outage, Duration retryAfter) {
        this(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter, null, null);
    }

    /** Fast and faultless: latency around 50-150 ms (median 90 ms, p95 150 ms), no errors. */
    public static VendorProfile healthy() {
        return new VendorProfile(new LatencyProfile(Duration.ofMillis(90), Duration.ofMillis(150)),
                0.0, 0.0, false, false);
    }

    /** {@link #healthy()} but down: every generation call answers the vendor's outage 503. */
    public static VendorProfile outageProfile() {
        return healthy().withOutage(true);
    }

    public VendorProfile withOutage(boolean outage) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    public VendorProfile withErrorRate(double errorRate) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    public VendorProfile withRateLimitRate(double rateLimitRate) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    public VendorProfile withCreditExhausted(boolean creditExhausted) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    public VendorProfile withLatency(LatencyProfile latency) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    /** 429s state this wait; null for none. */
    public VendorProfile withRetryAfter(Duration retryAfter) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    /** The account takes at most {@code requestsPerMinute} generation calls a minute; null for no limit. */
    public VendorProfile withRequestsPerMinute(Integer requestsPerMinute) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    /** The account has at most {@code concurrency} generations in progress; null for no limit. */
    public VendorProfile withConcurrency(Integer concurrency) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    /** That fraction of generations ends in a 200 whose body is not the vendor's shape. */
    public VendorProfile withMalformedRate(double malformedRate) {
        return new VendorProfile(latency, errorRate, rateLimitRate, creditExhausted, outage, retryAfter,
                requestsPerMinute, concurrency, malformedRate);
    }

    /** The headers a 429 carries for {@link #retryAfter}; none when it is null. */
    public Map<String, String> retryAfterHeaders(boolean withMillis) {
        if (retryAfter == null) {
            return Map.of();
        }
        long millis = retryAfter.toMillis();
        String seconds = Long.toString((millis + 999) / 1000);
        return withMillis ? Map.of("Retry-After", seconds, "retry-after-ms", Long.toString(millis))
                : Map.of("Retry-After", seconds);
    }

    private static void requireLimit(String name, Integer limit) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (or null for no limit), was " + limit);
        }
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + rate);
        }
    }
}
