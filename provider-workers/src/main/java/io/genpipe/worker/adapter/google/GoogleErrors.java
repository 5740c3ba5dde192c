package io.genpipe.worker.adapter.google;

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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies the Gemini API's answers (vendor-apis.md section 7), once, here: error answers
 * {@code {"error":{"code","message","status","details"}}}, and the 200 answers that hold no image because a safety
 * filter stopped the prompt ({@code promptFeedback.blockReason}) or the output ({@code candidates[].finishReason}).
 * Google's status names (INVALID_ARGUMENT, RESOURCE_EXHAUSTED) are too coarse alone: a 400 is a bad parameter, a bad
 * key, a blocked prompt or a project without billing, which only the message and details tell apart.
 *
 * <p>Reasons are built from statuses, detail reasons and our own words: Google's messages can quote the input.
 */
public final class GoogleErrors {

    /** finishReasons of a candidate whose output a filter withheld. */
    private static final Set<String> WITHHELD = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
            "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION");
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    /** A protobuf Duration in JSON: "30s", "1.5s". */
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

    private GoogleErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /**
     * As {@link #classify(int, HttpHeaders, String)}; a rate limit carries the wait Google states in a
     * {@code RetryInfo} detail, else in {@code Retry-After} (neither is promised).
     */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        JsonNode error = VendorJson.parse(body).path("error");
        String state = token(error.path("status").asString(""));
        String message = error.path("message").asString("").toLowerCase(Locale.ROOT);
        String reason = reasonOf(error.path("details"));
        String prefix = "HTTP " + status + (state.isEmpty() ? "" : " " + state);

        if (status == 429 || state.equals("RESOURCE_EXHAUSTED")) {
            Failed limited = Failed.of(FailureClass.RATE_LIMITED, prefix);
            Optional<Duration> wait = retryDelay(error.path("details"));
            return wait.isPresent() ? limited.withRetryAdvice(wait.get(), false)
                    : RetryAfter.advise(limited, headers, clock, false);
        }
        if (reason.equals("API_KEY_INVALID") || message.contains("api key not valid")
                || message.contains("api key is not valid") || status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, prefix + ": provider key rejected");
        }
        if (message.contains("billed users") || message.contains("billing")) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, prefix + ": billing required");
        }
        if (message.contains("prompt could not be submitted") || message.contains("support codes")) {
            // The Imagen API's blocked prompt: a 400 whose message names support codes.
            return Failed.of(FailureClass.CONTENT_REJECTED, prefix + ": prompt blocked");
        }
        if (status == 404) {
            boolean gone = message.contains("no longer available") || message.contains("shut down");
            return Failed.of(FailureClass.INVALID_REQUEST, prefix + (gone ? ": model no longer available"
                    : ": model not found"));
        }
        if (status == 403) {
            return Failed.of(FailureClass.AUTH_FAILED, prefix + ": provider misconfigured");
        }
        if (status == 400 && state.equals("FAILED_PRECONDITION")) {
            // e.g. a region the API is not offered in: this provider cannot serve, another may.
            return Failed.of(FailureClass.AUTH_FAILED, prefix + ": provider misconfigured");
        }
        if (status == 400 || status == 413) {
            return Failed.of(FailureClass.INVALID_REQUEST, prefix);
        }
        if (status == 408 || status == 504 || state.equals("DEADLINE_EXCEEDED")) {
            return Failed.of(FailureClass.TIMEOUT, prefix);
        }
        return RetryAfter.advise(Failed.of(FailureClass.RETRYABLE, prefix), headers, clock, false);
    }

    /**
     * A 200 answer that a safety filter emptied: the prompt was blocked before the model ran, or the candidate's
     * output was withheld. Empty when the answer is not such a refusal (it may still hold no image for another
     * reason, which the adapter names).
     */
    public static Optional<Failed> refused(JsonNode answer) {
        String blocked = token(answer.path("promptFeedback").path("blockReason").asString(""));
        if (!blocked.isEmpty()) {
            return Optional.of(Failed.of(FailureClass.CONTENT_REJECTED, "prompt blocked: " + blocked));
        }
        for (JsonNode candidate : answer.path("candidates")) {
            String finish = token(candidate.path("finishReason").asString(""));
            if (WITHHELD.contains(finish) && !hasImage(candidate)) {
                return Optional.of(Failed.of(FailureClass.CONTENT_REJECTED, "output withheld: finishReason " + finish));
            }
        }
        return Optional.empty();
    }

    static boolean hasImage(JsonNode candidate) {
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("inlineData").path("data").isString()) {
                return true;
            }
        }
        return false;
    }

    private static String reasonOf(JsonNode details) {
        for (JsonNode detail : details) {
            String reason = detail.path("reason").asString("");
            if (!reason.isEmpty()) {
                return token(reason);
            }
        }
        return "";
    }

    private static Optional<Duration> retryDelay(JsonNode details) {
        for (JsonNode detail : details) {
            if (RETRY_INFO.equals(detail.path("@type").asString(""))) {
                Matcher delay = PROTO_DURATION.matcher(detail.path("retryDelay").asString(""));
                if (delay.matches()) {
                    return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(delay.group(1)) * 1000)));
                }
            }
        }
        return Optional.empty();
    }

    /** Statuses and reasons are identifiers; anything else in them is not repeated. */
    private static String token(String value) {
        return value.matches("[A-Z0-9_]{1,64}") ? value : "";
    }
}
