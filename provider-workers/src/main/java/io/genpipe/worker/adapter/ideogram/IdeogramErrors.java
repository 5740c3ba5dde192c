package io.genpipe.worker.adapter.ideogram;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Locale;

/**
 * Classifies Ideogram's error answers (vendor-apis.md section 6), once, here. A 422 is a safety refusal or a bad
 * input, told apart by its text. How Ideogram refuses an empty balance is not documented [?]: a 402, or any refusal
 * whose text speaks of credits or balance, is taken as one. Reasons are fixed phrases: Ideogram's messages can
 * repeat the input.
 */
public final class IdeogramErrors {

    private IdeogramErrors() {
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
        String text = message(VendorJson.parse(body)).toLowerCase(Locale.ROOT);
        String prefix = "HTTP " + status;

        if (text.contains("safety") || text.contains("unsafe")) {
            return Failed.of(FailureClass.CONTENT_REJECTED, prefix + " failed the safety checks");
        }
        if (status == 402 || (status >= 400 && status < 500 && (text.contains("credit") || text.contains("balance")
                || text.contains("insufficient funds") || text.contains("payment")))) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, prefix + " out of credit");
        }
        if (status == 401 || status == 403) {
            return Failed.of(FailureClass.AUTH_FAILED, prefix + " unauthorized: provider key rejected");
        }
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, prefix + " too many in-flight requests");
        }
        if (status == 404) {
            return Failed.of(FailureClass.AUTH_FAILED, prefix + " not found: provider misconfigured");
        }
        if (status == 408 || status == 504) {
            return Failed.of(FailureClass.TIMEOUT, prefix + " timed out");
        }
        if (status == 400 || status == 413 || status == 422) {
            return Failed.of(FailureClass.INVALID_REQUEST, prefix + " invalid request");
        }
        return Failed.of(FailureClass.RETRYABLE, prefix);
    }

    /** {@code error}, or FastAPI's {@code detail} (a string or a list of {@code msg}), or {@code message}. */
    private static String message(JsonNode json) {
        for (String field : new String[] {"error", "detail", "message"}) {
            JsonNode node = json.path(field);
            if (node.isString()) {
                return node.stringValue();
            }
            if (node.isArray()) {
                StringBuilder all = new StringBuilder();
                node.forEach(entry -> all.append(entry.path("msg").asString("")).append(' '));
                return all.toString();
            }
        }
        return "";
    }
}
