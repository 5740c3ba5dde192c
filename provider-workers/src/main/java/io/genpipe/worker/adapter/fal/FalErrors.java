package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.RetryAfter;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies fal's error answers (vendor-apis.md section 1), once, here. Infrastructure errors carry an
 * {@code error_type} (body and {@code X-Fal-Error-Type} header); model and validation errors a {@code detail}
 * list whose {@code type} tells content policy from bad input; billing and auth answer 403 and 401.
 *
 * <p>Reasons are built from status codes and error types only: fal's messages can echo the input.
 */
public final class FalErrors {

    static final String ERROR_TYPE_HEADER = "X-Fal-Error-Type";
    static final String RETRYABLE_HEADER = "X-Fal-Retryable";
    static final String TIMEOUT_TYPE_HEADER = "X-Fal-Request-Timeout-Type";

    private static final Set<String> TIMEOUTS = Set.of("request_timeout", "startup_timeout");
    private static final String CONTENT_POLICY = "content_policy_violation";

    private FalErrors() {
    }

    /** @param status an HTTP status that is not a success */
    public static Failed classify(int status, HttpHeaders headers, String body) {
        return classify(status, headers, body, Clock.systemUTC());
    }

    /**
     * As {@link #classify(int, HttpHeaders, String)}; a transient failure also carries what fal said about calling
     * again: {@code Retry-After} (seconds or an HTTP date, read against {@code clock} when the answer has no
     * {@code Date}), and {@code X-Fal-Retryable: false}, which says another call would fail the same way.
     */
    public static Failed classify(int status, HttpHeaders headers, String body, Clock clock) {
        boolean doNotRetry = headers.firstValue(RETRYABLE_HEADER).map(v -> v.equalsIgnoreCase("false")).orElse(false);
        return RetryAfter.advise(decide(status, headers, body), headers, clock, doNotRetry);
    }

    private static Failed decide(int status, HttpHeaders headers, String body) {
        JsonNode json = VendorJson.parse(body);
        if (status == 504 && headers.firstValue(TIMEOUT_TYPE_HEADER).map(v -> v.equalsIgnoreCase("user")).orElse(false)) {
            // Our own X-Fal-Request-Timeout passed before fal started the request: the attempt's time is gone, and
            // fal never ran (or billed) it. Named apart from fal's own time-outs so the two can be told in reports.
            return Failed.of(FailureClass.TIMEOUT, "HTTP 504 not started within X-Fal-Request-Timeout");
        }
        String errorType = headers.firstValue(ERROR_TYPE_HEADER).orElse(json.path("error_type").asString(""));
        if (!errorType.isEmpty()) {
            return infrastructure(status, errorType);
        }
        String detail = json.path("detail").isString() ? json.path("detail").stringValue() : "";
        if (status == 429) {
            return Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate limited");
        }
        if (status == 403 && lockedAccount(detail)) {
            return Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: " + lockReason(detail));
        }
        if (status == 401) {
            return Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected");
        }
        if (status == 403) {
            return Failed.of(FailureClass.AUTH_FAILED, "HTTP 403 forbidden: provider misconfigured");
        }
        if (status == 404) {
            return Failed.of(FailureClass.INVALID_REQUEST, "HTTP 404 model not found");
        }
        if (status == 400 || status == 422) {
            return validation(status, headers, json.path("detail"));
        }
        if (status == 504) {
            return Failed.of(FailureClass.TIMEOUT, "HTTP 504 gateway timeout");
        }
        return Failed.of(FailureClass.RETRYABLE, "HTTP " + status);
    }

    private static Failed infrastructure(int status, String errorType) {
        String reason = "HTTP " + status + " " + errorType;
        if (TIMEOUTS.contains(errorType)) {
            return Failed.of(FailureClass.TIMEOUT, reason);
        }
        if (errorType.equals("bad_request")) {
            return Failed.of(FailureClass.INVALID_REQUEST, reason);
        }
        // runner_* and internal errors, client_cancelled, and types fal adds later: the platform failed, not the input.
        return Failed.of(FailureClass.RETRYABLE, reason);
    }

    /** {@code {"detail":[{"loc":["body","field"],"msg","type"}]}}, or a plain FastAPI {@code {"detail":"..."}}. */
    private static Failed validation(int status, HttpHeaders headers, JsonNode detail) {
        String firstType = "";
        String field = "";
        if (detail.isArray()) {
            for (JsonNode violation : detail) {
                String type = violation.path("type").asString("");
                if (type.equals(CONTENT_POLICY)) {
                    return Failed.of(FailureClass.CONTENT_REJECTED, "HTTP " + status + " " + CONTENT_POLICY);
                }
                if (firstType.isEmpty()) {
                    firstType = type;
                    field = field(violation.path("loc"));
                }
            }
        }
        String reason = "HTTP " + status + (firstType.isEmpty() ? " invalid input" : " " + firstType)
                + (field.isEmpty() ? "" : " (" + field + ")");
        // fal marks some model errors as worth retrying (a flaky model run); the input itself is fine then.
        boolean retryable = headers.firstValue(RETRYABLE_HEADER).map(v -> v.equalsIgnoreCase("true")).orElse(false);
        return Failed.of(retryable ? FailureClass.RETRYABLE : FailureClass.INVALID_REQUEST, reason);
    }

    /** The input field a violation names: the last element of {@code loc} after "body". */
    private static String field(JsonNode loc) {
        if (!loc.isArray() || loc.isEmpty()) {
            return "";
        }
        String last = loc.get(loc.size() - 1).asString("");
        return last.equals("body") ? "" : last.replaceAll("[^A-Za-z0-9_.\\[\\]-]", "");
    }

    private static boolean lockedAccount(String detail) {
        String lower = detail.toLowerCase(Locale.ROOT);
        return lower.contains("user is locked") || lower.contains("exhausted balance");
    }

    /** One of fal's known lock reasons, named by us rather than echoed. */
    private static String lockReason(String detail) {
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("exhausted balance")) {
            return "exhausted balance";
        }
        if (lower.contains("top_up")) {
            return "top-up required";
        }
        if (lower.contains("admin lock")) {
            return "locked by admin";
        }
        return "user is locked";
    }
}
