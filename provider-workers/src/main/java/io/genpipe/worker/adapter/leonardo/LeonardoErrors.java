package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Locale;

/**
 * Classifies Leonardo's error answers, {@code {"error","path","code"}} (vendor-apis.md section 2), once, here.
 * Leonardo answers 400 for a bad field, a moderated prompt and an empty balance alike, and leaves the status of a
 * rejected key undocumented, so the text of {@code error} decides before the status does.
 *
 * <p>Reasons are fixed phrases plus the status and {@code code}: the moderation message quotes the word of the prompt
 * it matched, and the balance message the account's user id.
 */
public final class LeonardoErrors {

    private LeonardoErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /** As {@link #classify(int, HttpHeaders, String)}; a rate limit also carries the {@code Retry-After} it stated. */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        return RetryAfter.advise(decide(status, body), headers, clock, false);
    }

    private static Failed decide(int status, String body) {
        JsonNode json = VendorJson.parse(body);
        String error = json.path("error").asString("").toLowerCase(Locale.ROOT);
        String code = token(json.path("code").asString(""));
        String prefix = "HTTP " + status;

        // Observed as 400 (not in Leonardo's docs); matched wherever it comes, since the text is what identifies it.
        if (error.contains("not enough api tokens") || error.contains("not enough tokens")
                || error.contains("insufficient credit") || error.contains("insufficient balance")) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, prefix + " not enough api tokens");
        }
        if (error.contains("content moderation filter")) {
            return Failed.of(FailureClass.CONTENT_REJECTED, prefix + " content moderation filter");
        }
        if (error.contains("authorization hook") || error.contains("authentication hook")
                || code.equals("access-denied") || status == 401 || status == 403) {
            // A key Leonardo does not take: this provider cannot work until it is fixed, another provider may.
            return Failed.of(FailureClass.AUTH_FAILED, prefix + " unauthorized: provider key rejected");
        }
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, prefix + " rate limited");
        }
        if (status == 404) {
            return Failed.of(FailureClass.AUTH_FAILED, prefix + " not found: provider misconfigured");
        }
        if (status == 408 || status == 504) {
            return Failed.of(FailureClass.TIMEOUT, prefix + " timed out");
        }
        if (status == 400 || status == 413 || status == 422) {
            return Failed.of(FailureClass.INVALID_REQUEST, prefix + " invalid request" + (code.isEmpty() ? "" : " (" + code + ")"));
        }
        return Failed.of(FailureClass.RETRYABLE, prefix + (code.isEmpty() || code.equals("unexpected") ? "" : " " + code));
    }

    /**
     * The storage's answer to a dataset image upload, a presigned S3 POST (a training's step between
     * {@code POST /datasets/{id}/upload} and {@code POST /models}): S3's XML {@code <Error><Code>}. Nothing is billed
     * yet. A refused or lapsed form ({@code AccessDenied}, {@code RequestExpired}, {@code SignatureDoesNotMatch}, all
     * 403) and S3's own failures (5xx, {@code SlowDown}) are RETRYABLE: the attempt again gets new forms. A file
     * S3 will not take ({@code EntityTooLarge} and the other 400s) is the job's input: INVALID_REQUEST.
     */
    public static Failed classifyUpload(int status, String body) {
        java.util.regex.Matcher code = S3_CODE.matcher(body == null ? "" : body);
        String name = code.find() ? token(code.group(1)) : "";
        String reason = "HTTP " + status + " from Leonardo's dataset storage" + (name.isEmpty() ? "" : " (" + name + ")");
        if (status == 403 || status == 429 || status >= 500 || name.equals("SlowDown")) {
            return Failed.of(FailureClass.RETRYABLE, reason);
        }
        return Failed.of(FailureClass.INVALID_REQUEST, reason);
    }

    private static final java.util.regex.Pattern S3_CODE = java.util.regex.Pattern.compile("<Code>([^<]{1,64})</Code>");

    /** Codes are identifiers such as {@code access-denied}; anything else in them is not repeated. */
    private static String token(String value) {
        return value.matches("[A-Za-z0-9_.-]{1,64}") ? value : "";
    }
}
