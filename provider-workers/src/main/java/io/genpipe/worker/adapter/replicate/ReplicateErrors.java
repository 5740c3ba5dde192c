package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.Usd;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies Replicate's answers (vendor-apis.md section 5), once, here: the error answers of the HTTP API, in RFC
 * 7807 style {@code {"title","detail","status"}}, and the {@code error} text of a prediction that ended
 * {@code failed}. The status is not enough on its own: a failed prediction is a 200, and whether it was the safety
 * checker is only in its text.
 *
 * <p>Reasons are built from statuses and our own words: Replicate's texts can echo the input.
 */
public final class ReplicateErrors {

    /** "resets in ~30s", "available in 1 second", "in 2 minutes": the wait a throttled answer states in its text. */
    private static final Pattern STATED_WAIT = Pattern.compile(
            "in\\s+~?\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)\\b");

    private ReplicateErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /**
     * As {@link #classify(int, HttpHeaders, String)}; a throttled answer carries the wait its text states, else the
     * one a {@code Retry-After} header states (Replicate documents none [?]).
     */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        JsonNode json = VendorJson.parse(body);
        String detail = json.path("detail").asString("");
        String title = json.path("title").asString("");
        String text = (title + " " + detail).toLowerCase(Locale.ROOT);
        if (status == 429) {
            Failed limited = Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 throttled");
            Optional<Duration> wait = statedWait(detail);
            return wait.isPresent() ? limited.withRetryAdvice(wait.get(), false)
                    : RetryAfter.advise(limited, headers, clock, false);
        }
        if (status == 402 || text.contains("insufficient credit")) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP " + status + " insufficient credit");
        }
        if (status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthenticated: provider key rejected");
        }
        if (status == 403) {
            return Failed.of(FailureClass.AUTH_FAILED, "HTTP 403 forbidden: provider misconfigured");
        }
        if (status == 404) {
            return Failed.of(FailureClass.INVALID_REQUEST, "HTTP 404 model or version not found");
        }
        if (status == 422 && text.contains("version")) {
            return Failed.of(FailureClass.INVALID_REQUEST, "HTTP 422 invalid version");
        }
        if (status == 422) {
            return Failed.of(FailureClass.INVALID_REQUEST, "HTTP 422 input validation failed" + field(json));
        }
        if (status == 400 || status == 413) {
            return Failed.of(FailureClass.INVALID_REQUEST, "HTTP " + status + " invalid request");
        }
        if (status == 408 || status == 504) {
            return Failed.of(FailureClass.TIMEOUT, "HTTP " + status + " timed out");
        }
        return RetryAfter.advise(Failed.of(FailureClass.RETRYABLE, "HTTP " + status), headers, clock, false);
    }

    /**
     * A prediction that ended {@code failed}. Every image flagged by the safety checker fails it with a text that
     * says NSFW: the output was refused, so no other vendor should be asked. Any other text is the model failing,
     * which another run or vendor may well not repeat.
     *
     * @param cost what the run is billed: its predict time at a per-second price, nothing at a per-image one
     */
    public static Failed failedPrediction(String error, Usd cost) {
        String text = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (text.contains("nsfw")) {
            return new Failed(FailureClass.CONTENT_REJECTED, "prediction failed: output flagged as NSFW", cost);
        }
        if (text.contains("out of memory")) {
            return new Failed(FailureClass.RETRYABLE, "prediction failed: model ran out of memory", cost);
        }
        return new Failed(FailureClass.RETRYABLE, "prediction failed: model error", cost);
    }

    /**
     * A training that ended {@code failed}. A training set the trainer could not read (not a zip, not downloadable,
     * no images in it) would fail the same way anywhere: INVALID_REQUEST. The trainer running out of memory or its
     * worker stopping is the vendor's failure, which another run may not repeat. Replicate documents no training
     * error texts [?]; these are the simulator's and the trainer's usual wording.
     *
     * @param cost the trainer's predict time at the catalog's per-second price, which Replicate bills for a failed run
     */
    public static Failed failedTraining(String error, Usd cost) {
        String text = error == null ? "" : error.toLowerCase(Locale.ROOT);
        if (text.contains("input_images") || text.contains("zip") || text.contains("could not download")
                || text.contains("no images")) {
            return new Failed(FailureClass.INVALID_REQUEST, "training failed: training set unreadable", cost);
        }
        if (text.contains("out of memory")) {
            return new Failed(FailureClass.RETRYABLE, "training failed: trainer ran out of memory", cost);
        }
        return new Failed(FailureClass.RETRYABLE, "training failed: trainer error", cost);
    }

    /** The wait a throttled answer's text states; Replicate rounds it to "~30s" or says "1 second". */
    static Optional<Duration> statedWait(String detail) {
        Matcher stated = STATED_WAIT.matcher(detail.toLowerCase(Locale.ROOT));
        if (!stated.find()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(stated.group(1));
        String unit = stated.group(2);
        long millis = unit.startsWith("ms") || unit.startsWith("milli") ? Math.round(amount)
                : unit.startsWith("m") ? Math.round(amount * 60_000) : Math.round(amount * 1000);
        return Optional.of(Duration.ofMillis(millis));
    }

    /** The first invalid field, when it is an identifier, e.g. " (input.aspect_ratio)". */
    private static String field(JsonNode json) {
        String field = json.path("invalid_fields").path(0).path("field").asString("");
        return field.matches("[A-Za-z0-9_.\\[\\]-]{1,64}") ? " (" + field + ")" : "";
    }
}
