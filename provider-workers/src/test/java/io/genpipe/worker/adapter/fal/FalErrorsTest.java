package io.genpipe.worker.adapter.fal;

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

/** Every fal error answer vendor-apis.md section 1 documents, with its literal status and body. */
class FalErrorsTest {

    private static final HttpHeaders NONE = headers(Map.of());

    static Stream<Arguments> infrastructureErrors() {
        return Stream.of(
                arguments(504, "request_timeout", FailureClass.TIMEOUT),
                arguments(504, "startup_timeout", FailureClass.TIMEOUT),
                arguments(503, "runner_scheduling_failure", FailureClass.RETRYABLE),
                arguments(503, "runner_disconnected", FailureClass.RETRYABLE),
                arguments(503, "runner_connection_timeout", FailureClass.RETRYABLE),
                arguments(503, "runner_connection_refused", FailureClass.RETRYABLE),
                arguments(502, "runner_incomplete_response", FailureClass.RETRYABLE),
                arguments(500, "runner_server_error", FailureClass.RETRYABLE),
                arguments(500, "internal_error", FailureClass.RETRYABLE),
                arguments(499, "client_cancelled", FailureClass.RETRYABLE),
                arguments(400, "bad_request", FailureClass.INVALID_REQUEST));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("infrastructureErrors")
    void classifiesInfrastructureErrorsByTheirErrorType(int status, String errorType, FailureClass expected) {
        String body = "{\"detail\":\"Request timed out\",\"error_type\":\"" + errorType + "\"}";

        Failed failed = FalErrors.classify(status, headers(Map.of("X-Fal-Error-Type", List.of(errorType))), body);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo("HTTP " + status + " " + errorType);
    }

    static Stream<Arguments> userTimeouts() {
        return Stream.of(
                arguments(Map.of("X-Fal-Request-Timeout-Type", List.of("user"), "X-Fal-Error-Type", List.of("request_timeout")),
                        "{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}"),
                arguments(Map.of("x-fal-request-timeout-type", List.of("user")), "{\"detail\":\"Request timed out\"}"),
                arguments(Map.of("X-Fal-Request-Timeout-Type", List.of("USER")), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userTimeouts")
    void a504ForOurOwnRequestTimeoutIsATimeoutNamedAsOurs(Map<String, List<String>> headers, String body) {
        Failed failed = FalErrors.classify(504, headers(headers), body);

        assertThat(failed).isEqualTo(Failed.of(FailureClass.TIMEOUT, "HTTP 504 not started within X-Fal-Request-Timeout"));
    }

    @Test
    void readsTheErrorTypeFromTheBodyWhenTheHeaderIsMissing() {
        Failed failed = FalErrors.classify(504, NONE, "{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}");

        assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
    }

    @Test
    void readsTheErrorTypeHeaderWhateverItsCase() {
        Failed failed = FalErrors.classify(503, headers(Map.of("x-fal-error-type", List.of("runner_disconnected"))), "");

        assertThat(failed.reason()).isEqualTo("HTTP 503 runner_disconnected");
    }

    static Stream<Arguments> accountErrors() {
        return Stream.of(
                arguments(403, "{\"detail\":\"User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: exhausted balance"),
                arguments(403, "{\"detail\":\"User is locked. Reason: TOP_UP\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: top-up required"),
                arguments(403, "{\"detail\":\"User is locked. Reason: Admin lock\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: locked by admin"),
                arguments(401, "{\"detail\":\"Unauthorized\"}",
                        FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments(403, "{\"detail\":\"Forbidden\"}",
                        FailureClass.AUTH_FAILED, "HTTP 403 forbidden: provider misconfigured"),
                arguments(429, "", FailureClass.RATE_LIMITED, "HTTP 429 rate limited"),
                arguments(429, "{\"detail\":\"Rate limit exceeded\"}", FailureClass.RATE_LIMITED, "HTTP 429 rate limited"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accountErrors")
    void classifiesBillingAuthAndRateLimitAnswers(int status, String body, FailureClass expected, String reason) {
        Failed failed = FalErrors.classify(status, NONE, body);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
    }

    @Test
    void contentPolicyViolationIsARejectionNotABadRequest() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"The content could not be processed because it "
                + "contained material flagged by a content checker.\",\"type\":\"content_policy_violation\","
                + "\"url\":\"https://docs.fal.ai/errors#content_policy_violation\"}]}";

        Failed failed = FalErrors.classify(422, headers(Map.of("X-Fal-Retryable", List.of("false"))), body);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED);
        assertThat(failed.reason()).isEqualTo("HTTP 422 content_policy_violation");
    }

    @Test
    void otherValidationErrorsAreInvalidRequestsNamingTypeAndField() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"image_url\"],\"msg\":\"Image too large\",\"type\":\"image_too_large\","
                + "\"url\":\"https://docs.fal.ai/errors#image_too_large\",\"ctx\":{\"max_height\":4096}}]}";

        Failed failed = FalErrors.classify(422, headers(Map.of("X-Fal-Retryable", List.of("false"))), body);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
        assertThat(failed.reason()).isEqualTo("HTTP 422 image_too_large (image_url)");
    }

    @Test
    void aMissingFieldIsAnInvalidRequest() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"missing\"}]}";

        Failed failed = FalErrors.classify(422, NONE, body);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
        assertThat(failed.reason()).isEqualTo("HTTP 422 missing (prompt)");
    }

    @Test
    void validationErrorsSometimesComeAs400() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"num_images\"],\"msg\":\"Input should be less than or equal to 4\","
                + "\"type\":\"less_than_equal\"}]}";

        assertThat(FalErrors.classify(400, NONE, body).failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
    }

    @Test
    void aModelErrorFalMarksRetryableIsRetryable() {
        String body = "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Model failed\",\"type\":\"generation_failed\"}]}";

        Failed failed = FalErrors.classify(422, headers(Map.of("X-Fal-Retryable", List.of("true"))), body);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
    }

    @Test
    void plainFastApiDetailIsAnInvalidRequest() {
        Failed failed = FalErrors.classify(422, NONE, "{\"detail\":\"Unprocessable Entity\"}");

        assertThat(failed.failureClass()).isEqualTo(FailureClass.INVALID_REQUEST);
        assertThat(failed.reason()).isEqualTo("HTTP 422 invalid input");
    }

    @Test
    void serverErrorsWithoutAnErrorTypeAreRetryableAndGatewayTimeoutsTimeouts() {
        assertThat(FalErrors.classify(502, NONE, "<html>Bad Gateway</html>").failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(FalErrors.classify(500, NONE, "").reason()).isEqualTo("HTTP 500");
        assertThat(FalErrors.classify(504, NONE, "").failureClass()).isEqualTo(FailureClass.TIMEOUT);
    }

    @Test
    void reasonsNeverRepeatWhatTheVendorEchoed() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"secret prompt text\",\"type\":\"string_too_long\","
                + "\"input\":\"secret prompt text\"}]}";

        assertThat(FalErrors.classify(422, NONE, body).reason()).doesNotContain("secret");
    }

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static final String RATE_LIMITED = "{\"detail\":\"Rate limit exceeded\"}";

    @Test
    void aRetryAfterInSecondsIsTheWaitFalStated() {
        Failed failed = FalErrors.classify(429, headers(Map.of("Retry-After", List.of("30"))), RATE_LIMITED, NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failed.doNotRetry()).isFalse();
    }

    @Test
    void aRetryAfterDateIsMeasuredAgainstTheAnswersOwnDate() {
        Failed failed = FalErrors.classify(503, headers(Map.of(
                "Retry-After", List.of("Wed, 02 Dec 2026 09:00:45 GMT"),
                "Date", List.of("Wed, 02 Dec 2026 09:00:40 GMT"),
                "X-Fal-Error-Type", List.of("runner_scheduling_failure"))), "", NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aRetryAfterDateWithoutADateHeaderIsMeasuredAgainstTheClock() {
        Failed failed = FalErrors.classify(429, headers(Map.of("Retry-After", List.of("Wed, 02 Dec 2026 12:00:10 GMT"))),
                RATE_LIMITED, NOON);

        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRetryAfterThatDoesNotParseOrIsPastSaysNoMoreThanNothing() {
        assertThat(FalErrors.classify(429, headers(Map.of("Retry-After", List.of("soon"))), RATE_LIMITED, NOON)
                .retryAfter()).isNull();
        assertThat(FalErrors.classify(429, headers(Map.of("Retry-After", List.of("Wed, 02 Dec 2026 11:00:00 GMT"))),
                RATE_LIMITED, NOON).retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void xFalRetryableFalseSaysAnotherCallWouldFailTheSameWay() {
        Failed failed = FalErrors.classify(500, headers(Map.of("X-Fal-Error-Type", List.of("internal_error"),
                "X-Fal-Retryable", List.of("false"))), "", NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(failed.doNotRetry()).isTrue();
    }

    @Test
    void aWaitOnAFailureThatWaitingCannotCureIsLeftOut() {
        Failed failed = FalErrors.classify(403, headers(Map.of("Retry-After", List.of("30"))),
                "{\"detail\":\"User is locked. Reason: Exhausted balance.\"}", NOON);

        assertThat(failed).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: exhausted balance"));
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
