package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every Replicate error vendor-apis.md section 5 documents, with its literal status and body. */
class ReplicateErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments("bad token", 401, problem("Unauthenticated", "You did not pass a valid authentication token",
                        401), FailureClass.AUTH_FAILED, "HTTP 401 unauthenticated: provider key rejected", null),
                arguments("insufficient credit", 402, problem("Insufficient credit", "You have insufficient credit to "
                        + "run this model. Go to https://replicate.com/account/billing#billing to purchase credit.", 402),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 402 insufficient credit", null),
                arguments("throttled, current wording", 429,
                        "{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\",\"status\":429}",
                        FailureClass.RATE_LIMITED, "HTTP 429 throttled", Duration.ofSeconds(30)),
                arguments("throttled, older wording", 429,
                        "{\"detail\":\"Request was throttled. Expected available in 1 second.\"}",
                        FailureClass.RATE_LIMITED, "HTTP 429 throttled", Duration.ofSeconds(1)),
                arguments("throttled, no wait stated", 429, "{\"detail\":\"Request was throttled.\"}",
                        FailureClass.RATE_LIMITED, "HTTP 429 throttled", null),
                arguments("invalid input", 422, "{\"title\":\"Input validation failed\",\"detail\":\"- input.aspect_ratio:"
                        + " must be one of ...\",\"status\":422,\"invalid_fields\":[{\"type\":\"enum\","
                        + "\"field\":\"input.aspect_ratio\",\"description\":\"...\"}]}",
                        FailureClass.INVALID_REQUEST, "HTTP 422 input validation failed (input.aspect_ratio)", null),
                arguments("invalid version", 422, problem("Invalid version or not permitted",
                        "The specified version does not exist (or perhaps you don't have permission to use it?)", 422),
                        FailureClass.INVALID_REQUEST, "HTTP 422 invalid version", null),
                arguments("no such model", 404, problem("Not found", "The requested resource could not be found.", 404),
                        FailureClass.INVALID_REQUEST, "HTTP 404 model or version not found", null),
                arguments("server error", 500, problem("Internal server error", "...", 500),
                        FailureClass.RETRYABLE, "HTTP 500", null),
                arguments("unavailable", 503, "<html>Service Unavailable</html>", FailureClass.RETRYABLE, "HTTP 503", null),
                arguments("gateway timeout", 504, "", FailureClass.TIMEOUT, "HTTP 504 timed out", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedErrors")
    void classifiesEachDocumentedError(String name, int status, String body, FailureClass expected, String reason,
                                       Duration wait) {
        Failed failed = ReplicateErrors.classify(status, NONE, body);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.retryAfter()).isEqualTo(wait);
        assertThat(failed.cost()).isEqualTo(Usd.ZERO);
    }

    @Test
    void aThrottleWithoutAWaitInItsTextTakesRetryAfter() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("4")), (name, value) -> true);

        assertThat(ReplicateErrors.classify(429, headers, "{\"detail\":\"Request was throttled.\"}").retryAfter())
                .isEqualTo(Duration.ofSeconds(4));
    }

    static Stream<Arguments> failedPredictions() {
        return Stream.of(
                arguments("NSFW output", "All generated images contained NSFW content. Try running it again with a "
                        + "different prompt.", FailureClass.CONTENT_REJECTED, "prediction failed: output flagged as NSFW"),
                arguments("out of memory", "CUDA out of memory. Tried to allocate 2.00 GiB", FailureClass.RETRYABLE,
                        "prediction failed: model ran out of memory"),
                arguments("model crashed", "Prediction interrupted; please retry", FailureClass.RETRYABLE,
                        "prediction failed: model error"),
                arguments("no error text", null, FailureClass.RETRYABLE, "prediction failed: model error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedPredictions")
    void classifiesAPredictionThatFailedByItsErrorText(String name, String error, FailureClass expected,
                                                       String reason) {
        Failed failed = ReplicateErrors.failedPrediction(error, Usd.of("0.001"));

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.cost()).isEqualTo(Usd.of("0.001"));
    }

    static Stream<Arguments> failedTrainings() {
        return Stream.of(
                arguments("set not a zip", "input_images is not a zip archive of images.", FailureClass.INVALID_REQUEST,
                        "training failed: training set unreadable"),
                arguments("set not downloadable", "Could not download input_images: 404 Not Found.",
                        FailureClass.INVALID_REQUEST, "training failed: training set unreadable"),
                arguments("set without images", "Found no images in the training archive", FailureClass.INVALID_REQUEST,
                        "training failed: training set unreadable"),
                arguments("out of memory", "CUDA error: out of memory while training the LoRA; run it again.",
                        FailureClass.RETRYABLE, "training failed: trainer ran out of memory"),
                arguments("worker stopped", "The trainer's worker stopped before the training finished; run it again.",
                        FailureClass.RETRYABLE, "training failed: trainer error"),
                arguments("no error text", null, FailureClass.RETRYABLE, "training failed: trainer error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedTrainings")
    void classifiesATrainingThatFailedByItsErrorText(String name, String error, FailureClass expected, String reason) {
        Failed failed = ReplicateErrors.failedTraining(error, Usd.of("0.9"));

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.cost()).as("a failed training is billed its time").isEqualTo(Usd.of("0.9"));
    }

    @Test
    void readsTheWaitInEveryUnitReplicateWrites() {
        assertThat(ReplicateErrors.statedWait("resets in ~30s.")).contains(Duration.ofSeconds(30));
        assertThat(ReplicateErrors.statedWait("available in 1 second.")).contains(Duration.ofSeconds(1));
        assertThat(ReplicateErrors.statedWait("resets in 2 minutes")).contains(Duration.ofMinutes(2));
        assertThat(ReplicateErrors.statedWait("resets in 500ms")).contains(Duration.ofMillis(500));
        assertThat(ReplicateErrors.statedWait("Request was throttled.")).isEmpty();
    }

    @Test
    void reasonsNeverRepeatTheVendorsText() {
        Failed failed = ReplicateErrors.classify(422, NONE, problem("Input validation failed",
                "- input.prompt: 'a secret prompt' is too long", 422));

        assertThat(failed.reason()).doesNotContain("secret");
    }

    private static String problem(String title, String detail, int status) {
        return "{\"title\":\"" + title + "\",\"detail\":\"" + detail.replace("\"", "\\\"") + "\",\"status\":" + status + "}";
    }
}
