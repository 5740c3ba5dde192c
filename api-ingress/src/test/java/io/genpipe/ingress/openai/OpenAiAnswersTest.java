package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobSucceeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's outcome in OpenAI's response and error shapes. */
class OpenAiAnswersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant DONE = Instant.parse("2026-12-02T09:00:07Z");
    private static final URI STATUS = URI.create("http://127.0.0.1:8083/v1/jobs/job-1");

    @Test
    void aSucceededJobIsAnImagesResponseCreatedWhenItSucceeded() {
        JobSucceeded succeeded = succeeded(new ImageRef("https://v3.fal.media/a.png", 1536, 1024, "image/png"),
                new ImageRef("file:/images/b.png", 1536, 1024, "image/png"));

        JsonNode body = JSON.valueToTree(ImagesResponse.of(succeeded,
                List.of(ImagesResponse.Image.bytes("QUJD"), ImagesResponse.Image.at("https://v3.fal.media/a.png"))));

        assertThat(body.path("created").asLong()).isEqualTo(DONE.getEpochSecond());
        assertThat(body.path("data").get(0).path("b64_json").asString()).isEqualTo("QUJD");
        assertThat(body.path("data").get(0).has("url")).isFalse();
        assertThat(body.path("data").get(1).path("url").asString()).isEqualTo("https://v3.fal.media/a.png");
        assertThat(body.path("data").get(1).has("b64_json")).isFalse();
        assertThat(body.path("size").asString()).isEqualTo("1536x1024");
        assertThat(body.path("output_format").asString()).isEqualTo("png");
        // genpipe knows no token counts, and says nothing rather than a made-up number.
        assertThat(body.has("usage")).isFalse();
        assertThat(body.has("quality")).isFalse();
        assertThat(body.has("background")).isFalse();
    }

    @Test
    void sizeAndFormatAreLeftOutUnlessEveryImageSaysTheSame() {
        JsonNode body = JSON.valueToTree(ImagesResponse.of(succeeded(
                        new ImageRef("https://a/1.png", 1024, 1024, "image/png"),
                        new ImageRef("https://a/2.jpg", null, null, "image/jpeg")),
                List.of(ImagesResponse.Image.at("https://a/1.png"), ImagesResponse.Image.at("https://a/2.jpg"))));

        assertThat(body.has("size")).isFalse();
        assertThat(body.has("output_format")).isFalse();
    }

    /** OpenAI's document enumerates three sizes; a free size is left out, the format still said. */
    @Test
    void aSizeOpenAisDocumentDoesNotListIsLeftOut() {
        JsonNode body = JSON.valueToTree(ImagesResponse.of(succeeded(
                        new ImageRef("https://a/1.png", 1536, 864, "image/png")),
                List.of(ImagesResponse.Image.at("https://a/1.png"))));

        assertThat(body.has("size")).isFalse();
        assertThat(body.path("output_format").asString()).isEqualTo("png");
    }

    @Test
    void aLocalImageAsAUrlIsADataUrl() {
        String url = GenerationAnswers.dataUrl(new ImageRef("file:/images/a.jpg", null, null, null),
                "ABC".getBytes(StandardCharsets.US_ASCII));

        assertThat(url).isEqualTo("data:image/jpeg;base64,QUJD");
        assertThat(GenerationAnswers.isHttp("HTTPS://v3.fal.media/a.png")).isTrue();
        assertThat(GenerationAnswers.isHttp("file:/images/a.png")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "CONTENT_REJECTED,400,image_generation_user_error,moderation_blocked",
            "INVALID_REQUEST,400,invalid_request_error,invalid_request",
            "BUDGET_EXHAUSTED,429,insufficient_quota,insufficient_quota",
            "RATE_LIMITED,429,requests,rate_limit_exceeded",
            "NO_PROVIDER_AVAILABLE,503,server_error,no_provider_available",
            "CREDIT_EXHAUSTED,503,server_error,provider_unavailable",
            "AUTH_FAILED,503,server_error,provider_unavailable",
            "TIMEOUT,504,server_error,timeout",
            "RETRYABLE,502,server_error,server_error",
            "INTERNAL_ERROR,502,server_error,server_error"})
    void aFailedJobIsTheErrorOpenAiGivesForTheSameFailure(FailureClass failureClass, int status, String type,
                                                           String code) {
        ResponseEntity<OpenAiError> answer = FailureAnswers.answer(failed(failureClass), STATUS, Duration.ofSeconds(5));

        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        JsonNode error = JSON.valueToTree(answer.getBody()).path("error");
        assertThat(error.path("type").asString()).isEqualTo(type);
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).contains("the vendor said no").contains(STATUS.toString());
        // OpenAI's schema requires param, null when no member is at fault.
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
    }

    @Test
    void everyFailureClassHasAnAnswer() {
        for (FailureClass failureClass : FailureClass.values()) {
            assertThat(FailureAnswers.of(failureClass)).as(failureClass.name()).isNotNull();
        }
        assertThat(FailureAnswers.of(null).status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void whatALaterTryMayFixSaysWhenAndABudgetTellsTheSdkNotToRetry() {
        ResponseEntity<OpenAiError> noProvider = FailureAnswers.answer(failed(FailureClass.NO_PROVIDER_AVAILABLE),
                STATUS, Duration.ofSeconds(5));
        ResponseEntity<OpenAiError> budget = FailureAnswers.answer(failed(FailureClass.BUDGET_EXHAUSTED), STATUS,
                Duration.ofSeconds(5));

        assertThat(noProvider.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(budget.getHeaders().getFirst(FailureAnswers.SHOULD_RETRY)).isEqualTo("false");
        assertThat(budget.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void aPendingJobIsStillAnImagesResponseWithItsStatusUrl() {
        JsonNode body = JSON.valueToTree(StillRunning.of(DONE.getEpochSecond(), "job-1", STATUS));

        assertThat(body.path("created").asLong()).isEqualTo(DONE.getEpochSecond());
        assertThat(body.path("data").isArray()).isTrue();
        assertThat(body.path("data").isEmpty()).isTrue();
        assertThat(body.path("job_id").asString()).isEqualTo("job-1");
        assertThat(body.path("status").asString()).isEqualTo("PENDING");
        assertThat(body.path("status_url").asString()).isEqualTo(STATUS.toString());
    }

    private static JobSucceeded succeeded(ImageRef... images) {
        return new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, "event-1", "job-1", DONE, "acme", null,
                DONE.minusSeconds(7), "fal", "fal-ai/flux/schnell", List.of(images),
                List.of(new AttemptSummary(1, "fal", "fal-ai/flux/schnell", null, null, new BigDecimal("0.003"), 900)),
                null);
    }

    private static JobFailed failed(FailureClass failureClass) {
        return new JobFailed(GenpipeEvent.SCHEMA_VERSION, "event-1", "job-1", DONE, "acme", null,
                DONE.minusSeconds(7), failureClass, "the vendor said no", List.of(), null);
    }
}
