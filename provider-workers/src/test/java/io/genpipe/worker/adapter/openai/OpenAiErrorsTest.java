package io.genpipe.worker.adapter.openai;

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

/** Every OpenAI images error vendor-apis.md section 3 documents, with its literal status and body. */
class OpenAiErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments("moderation blocked (GPT image)", 400,
                        error("Your request was rejected by the safety system. If you believe this is an error, contact us "
                                + "at help.openai.com and include the request ID req_1. safety_violations=[sexual].",
                                "image_generation_user_error", null, "moderation_blocked",
                                ",\"moderation_details\":{\"moderation_stage\":\"input\",\"categories\":[\"sexual\"]}"),
                        FailureClass.CONTENT_REJECTED, "HTTP 400 moderation_blocked"),
                arguments("moderation blocked at the output stage (GPT image)", 400,
                        error("Your request was rejected by the safety system. If you believe this is an error, contact us "
                                + "at help.openai.com and include the request ID req_2. safety_violations=[sexual].",
                                "image_generation_user_error", null, "moderation_blocked",
                                ",\"moderation_details\":{\"moderation_stage\":\"output\",\"categories\":[\"sexual\"]}"),
                        FailureClass.CONTENT_REJECTED, "HTTP 400 moderation_blocked"),
                arguments("content policy (legacy DALL-E)", 400,
                        error("Your request was rejected as a result of our safety system.", "invalid_request_error", null,
                                "content_policy_violation", ""),
                        FailureClass.CONTENT_REJECTED, "HTTP 400 content_policy_violation"),
                arguments("organization not verified", 403,
                        error("Your organization must be verified to use the model `gpt-image-1`. Please go to: "
                                + "https://platform.openai.com/settings/organization/general and click on Verify Organization.",
                                "invalid_request_error", null, null, ""),
                        FailureClass.AUTH_FAILED, "HTTP 403 invalid_request_error: provider misconfigured"),
                arguments("rate limit on requests", 429,
                        error("Rate limit exceeded for images per minute in organization org-abc. Limit: 5/1min. "
                                + "Current: 6/1min.", "requests", null, "rate_limit_exceeded", ""),
                        FailureClass.RATE_LIMITED, "HTTP 429 rate_limit_exceeded"),
                arguments("rate limit on tokens", 429,
                        error("Rate limit reached for gpt-image-1 in organization org-abc on tokens per min.", "tokens",
                                null, "rate_limit_exceeded", ""),
                        FailureClass.RATE_LIMITED, "HTTP 429 rate_limit_exceeded"),
                arguments("quota exhausted", 429,
                        error("You exceeded your current quota, please check your plan and billing details.",
                                "insufficient_quota", null, "insufficient_quota", ""),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 429 insufficient_quota"),
                arguments("billing hard limit (older)", 400,
                        error("Billing hard limit has been reached", "invalid_request_error", null,
                                "billing_hard_limit_reached", ""),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 400 billing_hard_limit_reached"),
                arguments("invalid API key", 401,
                        error("Incorrect API key provided: sk-proj-abc***xyz. You can find your API key at "
                                + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                                "invalid_api_key", ""),
                        FailureClass.AUTH_FAILED, "HTTP 401 invalid_api_key: provider key rejected"),
                arguments("server error", 500,
                        error("The server had an error while processing your request. Sorry about that!", "server_error",
                                null, null, ""),
                        FailureClass.RETRYABLE, "HTTP 500 server_error"),
                arguments("overloaded", 503,
                        error("The server is overloaded or not ready yet.", "server_error", null, null, ""),
                        FailureClass.RETRYABLE, "HTTP 503 server_error"),
                arguments("DALL-E shut down (model_not_found)", 400,
                        error("The model `dall-e-3` does not exist or you do not have access to it.",
                                "invalid_request_error", null, "model_not_found", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 model_not_found"),
                arguments("model_not_found as a 404", 404,
                        error("The model `dall-e-2` does not exist or you do not have access to it.",
                                "invalid_request_error", null, "model_not_found", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 404 model_not_found"),
                arguments("invalid parameter", 400,
                        error("Invalid value: '999x999'. Supported values are: '1024x1024', '1536x1024', '1024x1536', "
                                + "and 'auto'.", "invalid_request_error", "size", "invalid_value", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 invalid_value (size)"),
                arguments("missing parameter", 400,
                        error("Missing required parameter: 'prompt'.", "invalid_request_error", "prompt",
                                "missing_required_parameter", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 missing_required_parameter (prompt)"),
                arguments("edit: an input image that is not an image [?: the code]", 400,
                        error("Invalid 'images[0].image_url': the data URL does not hold a PNG, JPEG or WebP image.",
                                "invalid_request_error", "images[0].image_url", "invalid_image_file", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 invalid_image_file (images[0].image_url)"),
                arguments("edit: a mask of another size than the image", 400,
                        error("Invalid mask image: the mask is 32x32 but the image is 64x64.", "invalid_request_error",
                                "mask", "invalid_image_size", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 invalid_image_size (mask)"),
                arguments("edit: a body too large", 413,
                        error("The request body is too large.", "invalid_request_error", null, "request_too_large", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 413 request_too_large"),
                arguments("wrong base URL", 404,
                        error("Invalid URL (POST /v1/image/generations)", "invalid_request_error", null, null, ""),
                        FailureClass.AUTH_FAILED, "HTTP 404 invalid_request_error: provider misconfigured"),
                arguments("gateway page, not JSON", 502, "<html><body>Bad gateway</body></html>",
                        FailureClass.RETRYABLE, "HTTP 502"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedErrors")
    void classifiesDocumentedErrors(String name, int status, String body, FailureClass expected, String reason) {
        Failed failed = OpenAiErrors.classify(status, NONE, body);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        // Messages are never repeated: they can quote part of the key, or the prompt.
        assertThat(failed.reason()).doesNotContain("sk-").doesNotContain("organization");
    }

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static final String RATE_LIMITED = error("Rate limit exceeded for images per minute.", "requests", null,
            "rate_limit_exceeded", "");

    @Test
    void retryAfterMsIsTheWaitOpenAiStatedAndWinsOverRetryAfter() {
        Failed failed = OpenAiErrors.classify(429, headers(Map.of("retry-after-ms", List.of("1250"),
                "retry-after", List.of("2"))), RATE_LIMITED, NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofMillis(1250));
    }

    @Test
    void aRetryAfterInSecondsIsTheWaitOpenAiStated() {
        Failed failed = OpenAiErrors.classify(429, headers(Map.of("Retry-After", List.of("7"))), RATE_LIMITED, NOON);

        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterDateIsMeasuredAgainstTheAnswersOwnDate() {
        Failed failed = OpenAiErrors.classify(503, headers(Map.of("Retry-After", List.of("Wed, 02 Dec 2026 09:01:00 GMT"),
                "Date", List.of("Wed, 02 Dec 2026 09:00:00 GMT"))), error("overloaded", "server_error", null, null, ""), NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anEmptyAccountIsNeverGivenAWait() {
        Failed failed = OpenAiErrors.classify(429, headers(Map.of("retry-after-ms", List.of("1000"))),
                error("You exceeded your current quota.", "insufficient_quota", null, "insufficient_quota", ""), NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.CREDIT_EXHAUSTED);
        assertThat(failed.retryAfter()).isNull();
    }

    @Test
    void withoutAWaitHeaderTheFailureStatesNone() {
        assertThat(OpenAiErrors.classify(429, NONE, RATE_LIMITED, NOON).retryAfter()).isNull();
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }

    private static String error(String message, String type, String param, String code, String extra) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
                + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + extra + "}}";
    }
}
