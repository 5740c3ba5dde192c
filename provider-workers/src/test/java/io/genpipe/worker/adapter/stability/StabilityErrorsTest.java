package io.genpipe.worker.adapter.stability;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every Stability v2beta error vendor-apis.md section 4 documents, with its status and body shape. */
class StabilityErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments("400 invalid parameters", 400,
                        error("bad_request", "aspect_ratio: must be one of 16:9, 1:1, ..."),
                        FailureClass.INVALID_REQUEST, "HTTP 400 bad_request"),
                arguments("401 bad key", 401, error("unauthorized", "authorization: invalid key sk-abc123"),
                        FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments("402 out of credits", 402, error("payment_required", "You lack sufficient credits to make "
                                + "this request. Please purchase more credits at "
                                + "https://platform.stability.ai/account/credits and try again."),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 402 payment_required"),
                arguments("402 without a body", 402, "", FailureClass.CREDIT_EXHAUSTED, "HTTP 402"),
                arguments("403 prompt flagged", 403, error("content_moderation", "Your request was flagged by our "
                                + "content moderation system, as a result your request was denied."),
                        FailureClass.CONTENT_REJECTED, "HTTP 403 content_moderation"),
                arguments("403 something else", 403, error("forbidden", "this key may not use this endpoint"),
                        FailureClass.AUTH_FAILED, "HTTP 403 forbidden: provider misconfigured"),
                arguments("404 wrong path", 404, error("not_found", "no such endpoint"),
                        FailureClass.AUTH_FAILED, "HTTP 404 not_found: provider misconfigured"),
                arguments("413 over 10 MiB", 413, error("payload_too_large", "the body is over 10 MiB"),
                        FailureClass.INVALID_REQUEST, "HTTP 413 payload_too_large"),
                arguments("422 well-formed but rejected", 422, error("invalid_language", "English is the only "
                                + "supported language"),
                        FailureClass.INVALID_REQUEST, "HTTP 422 invalid_language"),
                arguments("429 rate limit", 429, error("rate_limit_exceeded", "You have exceeded the rate limit of "
                                + "150 requests within a 10 second period"),
                        FailureClass.RATE_LIMITED, "HTTP 429 rate_limit_exceeded"),
                arguments("500 internal", 500, error("internal_error", "An unexpected server error has occurred"),
                        FailureClass.RETRYABLE, "HTTP 500 internal_error"),
                arguments("503 outage", 503, error("service_unavailable", "down for maintenance"),
                        FailureClass.RETRYABLE, "HTTP 503 service_unavailable"),
                arguments("504 gateway timeout", 504, "", FailureClass.TIMEOUT, "HTTP 504"),
                arguments("gateway page, not JSON", 502, "<html><body>Bad gateway</body></html>",
                        FailureClass.RETRYABLE, "HTTP 502"),
                arguments("a name that is no identifier is not repeated", 400,
                        error("a prompt about cats", "x"), FailureClass.INVALID_REQUEST, "HTTP 400"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedErrors")
    void classifiesDocumentedErrors(String name, int status, String body, FailureClass expected, String reason) {
        Failed failed = StabilityErrors.classify(status, NONE, body, NOON);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        // The errors sentences are never repeated: they may quote the key or the prompt.
        assertThat(failed.reason()).doesNotContain("sk-").doesNotContain("cats");
        assertThat(failed.cost()).as("error answers are not billed").isNotNull().matches(cost -> cost.amount().signum() == 0);
    }

    @Test
    void aRateLimitCarriesTheWaitStabilityStated() {
        Failed failed = StabilityErrors.classify(429, HttpHeaders.of(Map.of("Retry-After", List.of("60")),
                (name, value) -> true), error("rate_limit_exceeded", "slow down"), NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withoutAWaitHeaderARateLimitStatesNone() {
        assertThat(StabilityErrors.classify(429, NONE, error("rate_limit_exceeded", "slow down"), NOON).retryAfter())
                .isNull();
    }

    @Test
    void anEmptyAccountIsNeverGivenAWait() {
        Failed failed = StabilityErrors.classify(402, HttpHeaders.of(Map.of("Retry-After", List.of("5")),
                (name, value) -> true), error("payment_required", "buy credits"), NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.CREDIT_EXHAUSTED);
        assertThat(failed.retryAfter()).isNull();
    }

    private static String error(String name, String message) {
        return "{\"id\":\"a3b1c2d4e5f60718293a4b5c6d7e8f90\",\"name\":\"" + name + "\",\"errors\":[\"" + message + "\"]}";
    }
}
