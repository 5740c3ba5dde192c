package io.genpipe.worker.adapter.ideogram;

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

/** Every Ideogram error answer vendor-apis.md section 6 gives, and the undocumented ones the adapter must still read. */
class IdeogramErrorsTest {

    private static final HttpHeaders NONE = headers(Map.of());
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments(422, "{\"error\":\"Prompt or provided image failed the safety checks\"}",
                        FailureClass.CONTENT_REJECTED, "HTTP 422 failed the safety checks"),
                arguments(400, "{\"error\":\"num_images must be between 1 and 8\"}",
                        FailureClass.INVALID_REQUEST, "HTTP 400 invalid request"),
                arguments(422, "{\"detail\":[{\"loc\":[\"body\",\"resolution\"],\"msg\":\"value is not a valid enumeration member\"}]}",
                        FailureClass.INVALID_REQUEST, "HTTP 422 invalid request"),
                arguments(401, "", FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments(401, "{\"error\":\"Invalid or missing Api-Key header\"}",
                        FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"),
                arguments(403, "", FailureClass.AUTH_FAILED, "HTTP 403 unauthorized: provider key rejected"),
                arguments(429, "", FailureClass.RATE_LIMITED, "HTTP 429 too many in-flight requests"),
                arguments(429, "{\"error\":\"Too many in-flight requests\"}",
                        FailureClass.RATE_LIMITED, "HTTP 429 too many in-flight requests"),
                // Out of credit is not documented [?]: 402, or a refusal that says so in its text.
                arguments(402, "", FailureClass.CREDIT_EXHAUSTED, "HTTP 402 out of credit"),
                arguments(402, "{\"error\":\"Insufficient credits: top up your API balance to continue\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 402 out of credit"),
                arguments(400, "{\"error\":\"Insufficient balance\"}", FailureClass.CREDIT_EXHAUSTED, "HTTP 400 out of credit"),
                arguments(403, "{\"detail\":\"Payment required: add a payment method\"}",
                        FailureClass.CREDIT_EXHAUSTED, "HTTP 403 out of credit"),
                arguments(404, "", FailureClass.AUTH_FAILED, "HTTP 404 not found: provider misconfigured"),
                arguments(500, "{\"error\":\"Internal server error\"}", FailureClass.RETRYABLE, "HTTP 500"),
                arguments(502, "<html>Bad Gateway</html>", FailureClass.RETRYABLE, "HTTP 502"),
                arguments(503, "", FailureClass.RETRYABLE, "HTTP 503"),
                arguments(504, "", FailureClass.TIMEOUT, "HTTP 504 timed out"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("answers")
    void classifiesByTheBodyAndTheStatus(int status, String body, FailureClass expected, String reason) {
        Failed failed = IdeogramErrors.classify(status, NONE, body, NOON);

        assertThat(failed.failureClass()).isEqualTo(expected);
        assertThat(failed.reason()).isEqualTo(reason);
    }

    @Test
    void reasonsNeverRepeatTheMessage() {
        Failed failed = IdeogramErrors.classify(400, NONE, "{\"error\":\"bad prompt: my secret words\"}");

        assertThat(failed.reason()).doesNotContain("secret");
    }

    @Test
    void aRateLimitCarriesTheWaitItStated() {
        Failed failed = IdeogramErrors.classify(429, headers(Map.of("Retry-After", List.of("3"))), "", NOON);

        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
