package io.genpipe.worker.adapter.google;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.VendorJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every Google error and safety refusal vendor-apis.md section 7 documents, with its literal status and body. */
class GoogleErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments("blocked prompt (Imagen)", 400, error(400, "INVALID_ARGUMENT", "Image generation failed with "
                        + "the following error: The prompt could not be submitted. Your current safety filter "
                        + "threshold prohibited one or more words in this prompt. Support codes: 42876398", ""),
                        FailureClass.CONTENT_REJECTED, "HTTP 400 INVALID_ARGUMENT: prompt blocked", null),
                arguments("no billing", 400, error(400, "INVALID_ARGUMENT",
                        "Imagen API is only accessible to billed users at this time.", ""),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 400 INVALID_ARGUMENT: billing required", null),
                arguments("not for new users", 404, error(404, "NOT_FOUND", "This model models/imagen-4.0-generate-001 "
                        + "is no longer available to new users. Please update your code to use a newer model.", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 404 NOT_FOUND: model no longer available", null),
                arguments("model not found", 404, error(404, "NOT_FOUND", "models/gemini-0 is not found for API "
                        + "version v1beta, or is not supported for generateContent.", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 404 NOT_FOUND: model not found", null),
                arguments("quota, no wait", 429, error(429, "RESOURCE_EXHAUSTED",
                        "Resource exhausted, please try again later.", ""),
                        FailureClass.RATE_LIMITED, "HTTP 429 RESOURCE_EXHAUSTED", null),
                arguments("quota with RetryInfo", 429, error(429, "RESOURCE_EXHAUSTED", "You exceeded your current "
                        + "quota, please check your plan and billing details.", ",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[]},{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"37s\"}]"),
                        FailureClass.RATE_LIMITED, "HTTP 429 RESOURCE_EXHAUSTED", Duration.ofSeconds(37)),
                arguments("bad key", 400, error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                        ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]"),
                        FailureClass.AUTH_FAILED, "HTTP 400 INVALID_ARGUMENT: provider key rejected", null),
                arguments("permission denied", 403, error(403, "PERMISSION_DENIED",
                        "The caller does not have permission", ""),
                        FailureClass.AUTH_FAILED, "HTTP 403 PERMISSION_DENIED: provider misconfigured", null),
                arguments("bad parameter", 400, error(400, "INVALID_ARGUMENT", "Unsupported aspect ratio.", ""),
                        FailureClass.INVALID_REQUEST, "HTTP 400 INVALID_ARGUMENT", null),
                arguments("unsupported region", 400, error(400, "FAILED_PRECONDITION",
                        "User location is not supported for the API use.", ""),
                        FailureClass.AUTH_FAILED, "HTTP 400 FAILED_PRECONDITION: provider misconfigured", null),
                arguments("internal", 500, error(500, "INTERNAL", "An internal error has occurred.", ""),
                        FailureClass.RETRYABLE, "HTTP 500 INTERNAL", null),
                arguments("unavailable", 503, error(503, "UNAVAILABLE", "The model is overloaded.", ""),
                        FailureClass.RETRYABLE, "HTTP 503 UNAVAILABLE", null),
                arguments("deadline exceeded", 504, error(504, "DEADLINE_EXCEEDED", "Deadline expired.", ""),
                        FailureClass.TIMEOUT, "HTTP 504 DEADLINE_EXCEEDED", null),
                arguments("not JSON", 502, "<html>Bad Gateway</html>", FailureClass.RETRYABLE, "HTTP 502", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedErrors")
    void classifiesEachDocumentedError(String name, int status, String body, FailureClass expected, String reason,
                                       Duration wait) {
        Failed failed = GoogleErrors.classify(status, NONE, body);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.retryAfter()).isEqualTo(wait);
    }

    static Stream<Arguments> answersWithoutAnImage() {
        return Stream.of(
                arguments("prompt blocked", "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{}}",
                        Optional.of("prompt blocked: SAFETY")),
                arguments("prompt blocked, other reason", "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}",
                        Optional.of("prompt blocked: PROHIBITED_CONTENT")),
                arguments("output withheld", "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}",
                        Optional.of("output withheld: finishReason SAFETY")),
                arguments("image withheld", "{\"candidates\":[{\"finishReason\":\"IMAGE_SAFETY\"}]}",
                        Optional.of("output withheld: finishReason IMAGE_SAFETY")),
                arguments("an image", "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
                        + "\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]},\"finishReason\":\"STOP\"}]}", Optional.empty()),
                arguments("text only", "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"no\"}]},"
                        + "\"finishReason\":\"STOP\"}]}", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answersWithoutAnImage")
    void refusesAnAnswerASafetyFilterEmptied(String name, String answer, Optional<String> reason) {
        Optional<Failed> refused = GoogleErrors.refused(VendorJson.parse(answer));

        assertThat(refused.map(Failed::reason)).isEqualTo(reason);
        refused.ifPresent(failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED));
    }

    @Test
    void reasonsNeverRepeatTheVendorsMessage() {
        Failed failed = GoogleErrors.classify(400, NONE, error(400, "INVALID_ARGUMENT", "the prompt 'secret' is bad", ""));

        assertThat(failed.reason()).doesNotContain("secret");
    }

    private static String error(int code, String status, String message, String more) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"" + more
                + "}}";
    }
}
