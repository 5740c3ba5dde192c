package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Set;

/**
 * Classifies OpenAI's error answers, {@code {"error":{"message","type","param","code"}}} (vendor-apis.md
 * section 3), once, here. The status alone is not enough: a 429 is a rate limit or an empty account, a 400 a bad
 * parameter, a moderation block or a billing limit. Reasons name status, code and parameter only: OpenAI's
 * messages can quote part of the key.
 */
public final class OpenAiErrors {

    private static final Set<String> CONTENT_CODES = Set.of("moderation_blocked", "content_policy_violation");
    private static final Set<String> BILLING_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached");

    private OpenAiErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /**
     * As {@link #classify(int, HttpHeaders, String)}; a transient failure also carries the wait OpenAI stated, from
     * {@code retry-after-ms} or {@code Retry-After} (seconds or an HTTP date, read against {@code clock} when the
     * answer has no {@code Date}). OpenAI sends them only sometimes.
     */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        return RetryAfter.advise(decide(status, body), headers, clock, false);
    }

    private static Failed decide(int status, String body) {
        JsonNode error = VendorJson.parse(body).path("error");
        String code = token(error.path("code").asString(""));
        String type = token(error.path("type").asString(""));
        String param = token(error.path("param").asString(""));
        String reason = "HTTP " + status + (code.isEmpty() ? type.isEmpty() ? "" : " " + type : " " + code)
                + (param.isEmpty() ? "" : " (" + param + ")");

        if (CONTENT_CODES.contains(code)) {
            return Failed.of(FailureClass.CONTENT_REJECTED, reason);
        }
        if (BILLING_CODES.contains(code) || BILLING_CODES.contains(type)) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, reason);
        }
        if (code.equals("model_not_found")) {
            return Failed.of(FailureClass.INVALID_REQUEST, reason);
        }
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, reason);
        }
        if (status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, reason + ": provider key rejected");
        }
        if (status == 403 || status == 404) {
            // Unverified organization, a model not enabled for it, a wrong base URL: this provider is
            // misconfigured, and another provider may well do the job.
            return Failed.of(FailureClass.AUTH_FAILED, reason + ": provider misconfigured");
        }
        if (status == 400 || status == 413 || status == 422) {
            return Failed.of(FailureClass.INVALID_REQUEST, reason);
        }
        if (status == 408 || status == 504) {
            return Failed.of(FailureClass.TIMEOUT, reason);
        }
        return Failed.of(FailureClass.RETRYABLE, reason);
    }

    /** Codes, types and parameter names are identifiers; anything else in them is not repeated. */
    private static String token(String value) {
        return value.matches("[A-Za-z0-9_.\\[\\]-]{1,64}") ? value : "";
    }
}
