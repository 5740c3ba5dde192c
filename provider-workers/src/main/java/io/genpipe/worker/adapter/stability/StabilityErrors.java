package io.genpipe.worker.adapter.stability;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;

import java.net.http.HttpHeaders;
import java.time.Clock;

/**
 * Classifies Stability's error answers, {@code {"id","name","errors":[...]}} (vendor-apis.md section 4), once, here.
 * The {@code name} decides before the status: a 403 is a moderation block only when it says
 * {@code content_moderation}, and an empty account is {@code payment_required}. Reasons name the status and the
 * {@code name} only: the {@code errors} sentences may quote the prompt.
 */
public final class StabilityErrors {

    static final String CONTENT_MODERATION = "content_moderation";
    static final String PAYMENT_REQUIRED = "payment_required";

    private StabilityErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /**
     * As {@link #classify(int, HttpHeaders, String)}; a transient failure also carries the wait Stability stated in
     * {@code Retry-After}. It documents none (its block after a 429 is about 60 s [obs]), so mostly there is none.
     */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        return RetryAfter.advise(decide(status, body), headers, clock, false);
    }

    private static Failed decide(int status, String body) {
        String name = token(VendorJson.parse(body).path("name").asString(""));
        String reason = "HTTP " + status + (name.isEmpty() ? "" : " " + name);

        if (name.equals(CONTENT_MODERATION)) {
            return Failed.of(FailureClass.CONTENT_REJECTED, reason);
        }
        if (name.equals(PAYMENT_REQUIRED) || status == 402) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, reason);
        }
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, reason);
        }
        if (status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, reason + ": provider key rejected");
        }
        if (status == 403 || status == 404) {
            // A key without access, a wrong base URL or endpoint: this provider is misconfigured, another may work.
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

    /** Names are identifiers; anything else in them is not repeated. */
    private static String token(String value) {
        return value.matches("[A-Za-z0-9_.-]{1,64}") ? value : "";
    }
}
