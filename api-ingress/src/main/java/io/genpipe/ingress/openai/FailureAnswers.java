package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobFailed;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.time.Duration;

/**
 * A failed job as OpenAI would have answered the same failure, so that an SDK raises the exception its users
 * already handle: the caller's content refused is a 400 with OpenAI's moderation code, genpipe's budget is OpenAI's
 * quota 429 (not retried), no provider left is a 503 with Retry-After (the SDKs retry it, as a new job), the
 * vendors' own errors after every attempt are 5xx. The message is the router's reason, with the job's status URL.
 */
final class FailureAnswers {

    /** What a failure class is, in OpenAI's terms. */
    record Answer(HttpStatus status, String type, String code, boolean retryLater) {
    }

    /**
     * Tells OpenAI's SDKs not to retry what a retry cannot fix soon (they honour it before their own rules, which
     * retry every 429).
     */
    static final String SHOULD_RETRY = "x-should-retry";

    private FailureAnswers() {
    }

    static Answer of(FailureClass failureClass) {
        if (failureClass == null) {
            // No attempt was made, and the router did not say why.
            return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "job_failed", false);
        }
        return switch (failureClass) {
            case CONTENT_REJECTED -> new Answer(HttpStatus.BAD_REQUEST, "image_generation_user_error",
                    "moderation_blocked", false);
            case INVALID_REQUEST -> new Answer(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request",
                    false);
            case BUDGET_EXHAUSTED -> new Answer(HttpStatus.TOO_MANY_REQUESTS, "insufficient_quota",
                    "insufficient_quota", false);
            case RATE_LIMITED -> new Answer(HttpStatus.TOO_MANY_REQUESTS, "requests", "rate_limit_exceeded", true);
            case NO_PROVIDER_AVAILABLE -> new Answer(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                    "no_provider_available", true);
            // Out of credit or misconfigured: genpipe's accounts, not the caller's; an operator must act.
            case CREDIT_EXHAUSTED, AUTH_FAILED -> new Answer(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                    "provider_unavailable", true);
            case TIMEOUT -> new Answer(HttpStatus.GATEWAY_TIMEOUT, "server_error", "timeout", false);
            case RETRYABLE, INTERNAL_ERROR -> new Answer(HttpStatus.BAD_GATEWAY, "server_error", "server_error",
                    false);
        };
    }

    static ResponseEntity<OpenAiError> answer(JobFailed failed, URI statusUrl, Duration retryAfter) {
        Answer answer = of(failed.failureClass());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.retryLater()) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (failed.failureClass() == FailureClass.BUDGET_EXHAUSTED) {
            response.header(SHOULD_RETRY, "false");
        }
        return response.body(OpenAiError.of(failed.reason() + " (job " + failed.jobId() + ": " + statusUrl + ")",
                answer.type(), null, answer.code()));
    }
}
