package io.genpipe.worker.adapter.huggingface;

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

/** Every Hugging Face inference error vendor-apis.md section 8 documents, with its status and body. */
class HuggingFaceErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static final String LOADING = "{\"error\":\"Model black-forest-labs/FLUX.1-schnell is currently loading\","
            + "\"estimated_time\":20.5}";

    static Stream<Arguments> documentedErrors() {
        return Stream.of(
                arguments("400 bad parameters", 400, error("width must be a multiple of 8"),
                        FailureClass.INVALID_REQUEST, "HTTP 400", null),
                arguments("401 bad token", 401, error("Invalid credentials in Authorization header"),
                        FailureClass.AUTH_FAILED, "HTTP 401: provider key rejected", null),
                arguments("402 monthly credits exhausted", 402, error("You have exceeded your monthly included "
                                + "credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits."),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 402 credits exhausted", null),
                arguments("credits exhausted under another status", 429, error("You have exceeded your monthly "
                                + "included credits for Inference Providers."),
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 429 credits exhausted", null),
                arguments("403 token without the permission", 403, error("This token lacks the permission"),
                        FailureClass.AUTH_FAILED, "HTTP 403: provider misconfigured", null),
                arguments("404 model not served", 404, error("Model someone/thing is not served here"),
                        FailureClass.AUTH_FAILED, "HTTP 404 model not served: provider misconfigured", null),
                arguments("429 rate limited", 429, error("Rate limit reached. Please log in or use a HF access token"),
                        FailureClass.RATE_LIMITED, "HTTP 429 rate limited", null),
                arguments("500", 500, error("Internal Server Error"), FailureClass.RETRYABLE, "HTTP 500", null),
                arguments("503 model loading, with estimated_time", 503, LOADING,
                        FailureClass.RATE_LIMITED, "HTTP 503 model loading", Duration.ofMillis(20_500)),
                arguments("503 loading without estimated_time", 503, error("Model x/y is currently loading"),
                        FailureClass.RATE_LIMITED, "HTTP 503 model loading", Duration.ZERO),
                arguments("503 outage", 503, error("Service Unavailable"), FailureClass.RETRYABLE, "HTTP 503", null),
                arguments("504 gateway timeout", 504, "", FailureClass.TIMEOUT, "HTTP 504", null),
                arguments("gateway page, not JSON", 502, "<html><body>Bad gateway</body></html>",
                        FailureClass.RETRYABLE, "HTTP 502", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedErrors")
    void classifiesDocumentedErrors(String name, int status, String body, FailureClass expected, String reason,
                                    Duration wait) {
        Failed failed = HuggingFaceErrors.classify(status, NONE, body, NOON);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.retryAfter()).isEqualTo(wait);
        assertThat(failed.reason()).doesNotContain("FLUX").doesNotContain("PRO");
    }

    @Test
    void onlyALoadingModelIsAWait() {
        assertThat(HuggingFaceErrors.loadingWait(503, LOADING)).contains(Duration.ofMillis(20_500));
        assertThat(HuggingFaceErrors.loadingWait(503, error("Model x/y is currently loading"))).contains(Duration.ZERO);
        assertThat(HuggingFaceErrors.loadingWait(503, error("Service Unavailable"))).isEmpty();
        assertThat(HuggingFaceErrors.loadingWait(500, LOADING)).isEmpty();
        assertThat(HuggingFaceErrors.loadingWait(503, "<html>busy</html>")).isEmpty();
    }

    @Test
    void aRateLimitCarriesTheWaitHuggingFaceStated() {
        Failed failed = HuggingFaceErrors.classify(429, HttpHeaders.of(Map.of("Retry-After", List.of("4")),
                (name, value) -> true), error("Rate limit reached"), NOON);

        assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void exhaustedCreditsAreNeverGivenAWait() {
        Failed failed = HuggingFaceErrors.classify(402, HttpHeaders.of(Map.of("Retry-After", List.of("4")),
                (name, value) -> true), error("You have exceeded your monthly included credits"), NOON);

        assertThat(failed.retryAfter()).isNull();
    }

    private static String error(String message) {
        return "{\"error\":\"" + message + "\"}";
    }
}
