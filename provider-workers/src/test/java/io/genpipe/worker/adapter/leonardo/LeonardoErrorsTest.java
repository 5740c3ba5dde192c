package io.genpipe.worker.adapter.leonardo;

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

/** Every Leonardo error answer vendor-apis.md section 2 gives, with its status and body, and the undocumented rest. */
class LeonardoErrorsTest {

    private static final HttpHeaders NONE = headers(Map.of());
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments(400, "{\"error\":\"content moderation filter: nude\",\"path\":\"$\",\"code\":\"unexpected\"}",
                        FailureClass.CONTENT_REJECTED, "HTTP 400 content moderation filter"),
                arguments(400, "{\"error\":\"not enough api tokens userId: 3c1a2b4d-0000-4000-8000-000000000001\","
                        + "\"path\":\"$\",\"code\":\"unexpected\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 400 not enough api tokens"),
                // A rejected key: the wording is documented, the status is not, so both plausible ones are covered.
                arguments(400, "{\"error\":\"Invalid response from authorization hook\",\"path\":\"$\",\"code\":\"unexpected\"}",
                        FailureClass.AUTH_FAILED, "HTTP 400 unauthorized: provider key rejected"),
                arguments(401, "{\"error\":\"Invalid response from authorization hook\",\"path\":\"$\",\"code\":\"unexpected\"}",
                        FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments(401, "{\"error\":\"Authentication hook unauthorized this request\",\"path\":\"$\",\"code\":\"access-denied\"}",
                        FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments(400, "{\"error\":\"Authentication hook unauthorized this request\",\"path\":\"$\",\"code\":\"access-denied\"}",
                        FailureClass.AUTH_FAILED, "HTTP 400 unauthorized: provider key rejected"),
                arguments(400, "{\"error\":\"Expected a boolean for type Boolean but found a string\",\"path\":\"$\","
                        + "\"code\":\"validation-failed\"}",
                        FailureClass.INVALID_REQUEST, "HTTP 400 invalid request (validation-failed)"),
                // 429's body is not documented: an empty one and one in the usual shape.
                arguments(429, "", FailureClass.RATE_LIMITED, "HTTP 429 rate limited"),
                arguments(429, "{\"error\":\"rate limit exceeded\",\"path\":\"$\",\"code\":\"rate-limit-exceeded\"}",
                        FailureClass.RATE_LIMITED, "HTTP 429 rate limited"));
    }

    static Stream<Arguments> otherAnswers() {
        return Stream.of(
                arguments(403, "", FailureClass.AUTH_FAILED, "HTTP 403 unauthorized: provider key rejected"),
                arguments(404, "", FailureClass.AUTH_FAILED, "HTTP 404 not found: provider misconfigured"),
                arguments(422, "{\"error\":\"bad field\"}", FailureClass.INVALID_REQUEST, "HTTP 422 invalid request"),
                arguments(500, "{\"error\":\"internal\",\"path\":\"$\",\"code\":\"unexpected\"}",
                        FailureClass.RETRYABLE, "HTTP 500"),
                arguments(502, "<html>Bad Gateway</html>", FailureClass.RETRYABLE, "HTTP 502"),
                arguments(503, "", FailureClass.RETRYABLE, "HTTP 503"),
                arguments(504, "", FailureClass.TIMEOUT, "HTTP 504 timed out"),
                arguments(408, "", FailureClass.TIMEOUT, "HTTP 408 timed out"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource({"documentedErrors", "otherAnswers"})
    void classifiesByTheBodyBeforeTheStatus(int status, String body, FailureClass expected, String reason) {
        Failed failed = LeonardoErrors.classify(status, NONE, body, NOON);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
    }

    /**
     * A training's dataset images go to S3 by presigned POST: S3's error codes (AWS S3 API reference, "Error
     * responses"), and the training's own refusals, which come in Leonardo's usual shape.
     */
    static Stream<Arguments> uploadAnswers() {
        return Stream.of(
                arguments(403, s3("AccessDenied"), FailureClass.RETRYABLE,
                        "HTTP 403 from Leonardo's dataset storage (AccessDenied)"),
                arguments(403, s3("RequestExpired"), FailureClass.RETRYABLE,
                        "HTTP 403 from Leonardo's dataset storage (RequestExpired)"),
                arguments(403, s3("SignatureDoesNotMatch"), FailureClass.RETRYABLE,
                        "HTTP 403 from Leonardo's dataset storage (SignatureDoesNotMatch)"),
                arguments(400, s3("EntityTooLarge"), FailureClass.INVALID_REQUEST,
                        "HTTP 400 from Leonardo's dataset storage (EntityTooLarge)"),
                arguments(400, s3("InvalidArgument"), FailureClass.INVALID_REQUEST,
                        "HTTP 400 from Leonardo's dataset storage (InvalidArgument)"),
                arguments(503, s3("SlowDown"), FailureClass.RETRYABLE,
                        "HTTP 503 from Leonardo's dataset storage (SlowDown)"),
                arguments(500, s3("InternalError"), FailureClass.RETRYABLE,
                        "HTTP 500 from Leonardo's dataset storage (InternalError)"),
                arguments(502, "<html>Bad Gateway</html>", FailureClass.RETRYABLE,
                        "HTTP 502 from Leonardo's dataset storage"),
                arguments(400, "<Error><Code>bad code with spaces</Code></Error>", FailureClass.INVALID_REQUEST,
                        "HTTP 400 from Leonardo's dataset storage"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("uploadAnswers")
    void classifiesTheStoragesAnswerToADatasetUpload(int status, String body, FailureClass expected, String reason) {
        assertThat(LeonardoErrors.classifyUpload(status, body)).isEqualTo(Failed.of(expected, reason));
    }

    @Test
    void aTrainingOnAnEmptyDatasetIsAnInvalidRequest() {
        Failed failed = LeonardoErrors.classify(400, NONE, "{\"error\":\"dataset 0d1 has no images to train on\","
                + "\"path\":\"$\",\"code\":\"validation-failed\"}", NOON);

        assertThat(failed).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 invalid request (validation-failed)"));
    }

    private static String s3(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>m</Message>"
                + "<RequestId>4442587FB7D0A2F9</RequestId></Error>";
    }

    @Test
    void reasonsNeverRepeatTheModeratedWordOrTheUserId() {
        Failed moderated = LeonardoErrors.classify(400,
                NONE, "{\"error\":\"content moderation filter: secretword\",\"path\":\"$\",\"code\":\"unexpected\"}");
        Failed broke = LeonardoErrors.classify(400,
                NONE, "{\"error\":\"not enough api tokens userId: 3c1a2b4d-0000\",\"path\":\"$\",\"code\":\"unexpected\"}");

        assertThat(moderated.reason()).doesNotContain("secretword");
        assertThat(broke.reason()).doesNotContain("3c1a2b4d");
    }

    @Test
    void aRateLimitCarriesTheWaitItStated() {
        Failed failed = LeonardoErrors.classify(429, headers(Map.of("Retry-After", List.of("7"))), "", NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aWaitOnAnEmptyBalanceIsLeftOut() {
        Failed failed = LeonardoErrors.classify(400, headers(Map.of("Retry-After", List.of("30"))),
                "{\"error\":\"not enough api tokens userId: x\",\"path\":\"$\",\"code\":\"unexpected\"}", NOON);

        assertThat(failed).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 400 not enough api tokens"));
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
