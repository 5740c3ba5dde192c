package io.genpipe.worker.adapter.huggingface;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies Hugging Face's error answers, {@code {"error":"..."}} (vendor-apis.md section 8), once, here. The
 * body is free text, so it is matched on a few words and never repeated: reasons are the status and genpipe's own
 * words. A 503 that says the model is loading is not an outage: it is RATE_LIMITED with the stated
 * {@code estimated_time} as its wait, and the adapter waits that long and calls again while the attempt has time
 * ({@link #loadingWait}).
 */
public final class HuggingFaceErrors {

    private HuggingFaceErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /** As {@link #classify(int, HttpHeaders, String)}; a {@code Retry-After} header, when sent, gives the wait. */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        return RetryAfter.advise(decide(status, VendorJson.parse(body)), headers, clock, false);
    }

    /**
     * How long the model said it still loads, when the answer is hf-inference's 503 "currently loading": its
     * {@code estimated_time}, or zero when it gave none. Empty for every other answer.
     */
    public static Optional<Duration> loadingWait(int status, String body) {
        return status == 503 ? loading(VendorJson.parse(body)) : Optional.empty();
    }

    private static Failed decide(int status, JsonNode json) {
        String error = json.path("error").asString("").toLowerCase(Locale.ROOT);
        String reason = "HTTP " + status;

        Optional<Duration> loading = status == 503 ? loading(json) : Optional.empty();
        if (loading.isPresent()) {
            return Failed.of(FailureClass.RATE_LIMITED, reason + " model loading")
                    .withRetryAdvice(loading.get(), false);
        }
        if (status == 402 || error.contains("included credits") || error.contains("pre-paid credits")) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, reason + " credits exhausted");
        }
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, reason + " rate limited");
        }
        if (status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, reason + ": provider key rejected");
        }
        if (status == 403) {
            // A token without the "Inference Providers" permission: this provider is misconfigured.
            return Failed.of(FailureClass.AUTH_FAILED, reason + ": provider misconfigured");
        }
        if (status == 404) {
            // The model is not served here (or the base URL is wrong); another provider may well serve it.
            return Failed.of(FailureClass.AUTH_FAILED, reason + " model not served: provider misconfigured");
        }
        if (status == 400 || status == 413 || status == 422) {
            return Failed.of(FailureClass.INVALID_REQUEST, reason);
        }
        if (status == 408 || status == 504) {
            return Failed.of(FailureClass.TIMEOUT, reason);
        }
        return Failed.of(FailureClass.RETRYABLE, reason);
    }

    private static Optional<Duration> loading(JsonNode json) {
        JsonNode estimated = json.path("estimated_time");
        boolean saysLoading = json.path("error").asString("").toLowerCase(Locale.ROOT).contains("currently loading");
        if (estimated.isNumber() && estimated.asDouble() >= 0 && Double.isFinite(estimated.asDouble())) {
            return Optional.of(Duration.ofMillis(Math.round(estimated.asDouble() * 1000)));
        }
        return saysLoading ? Optional.of(Duration.ZERO) : Optional.empty();
    }
}
