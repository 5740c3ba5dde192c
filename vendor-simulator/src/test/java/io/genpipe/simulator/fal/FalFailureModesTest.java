package io.genpipe.simulator.fal;

import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static io.genpipe.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class FalFailureModesTest {

    private static final String KEY = "Key right-key";
    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private VendorSimulator simulator;
    private URI submitUrl;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.FAL, "right-key"), clock);
        submitUrl = simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void refusesCallsWithoutTheKey() {
        Reply missing = http.post(submitUrl, null, "{\"prompt\":\"p\"}");
        Reply wrongKey = http.post(submitUrl, "Key wrong-key", "{\"prompt\":\"p\"}");
        Reply wrongScheme = http.post(submitUrl, "Bearer right-key", "{\"prompt\":\"p\"}");
        Reply statusWithoutKey = http.get(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/requests/x/status"), null);

        for (Reply reply : new Reply[] {missing, wrongKey, wrongScheme, statusWithoutKey}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json()).isEqualTo(json("{\"detail\":\"Unauthorized\"}"));
        }
        assertThat(http.post(submitUrl, KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(200);
    }

    @Test
    void missingPromptIsAValidationError() {
        Reply reply = http.post(submitUrl, KEY, "{\"image_size\":\"square\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json()).isEqualTo(
                json("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"missing\"}]}"));
    }

    @Test
    void invalidInputsAreValidationErrorsNamingTheField() {
        Reply tooMany = http.post(submitUrl, KEY, "{\"prompt\":\"p\",\"num_images\":5}");
        Reply badPreset = http.post(submitUrl, KEY, "{\"prompt\":\"p\",\"image_size\":\"huge\"}");
        Reply notJson = http.post(submitUrl, KEY, "prompt=p");

        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"num_images\"]");
        assertThat(badPreset.status()).isEqualTo(422);
        assertThat(badPreset.json().get("detail").get(0).get("type").stringValue()).isEqualTo("enum");
        assertThat(notJson.status()).isEqualTo(422);
    }

    @Test
    void outageFailsSubmitWithRunnerSchedulingFailure() {
        simulator.profile(Vendor.FAL, VendorProfile.outageProfile());

        Reply reply = http.post(submitUrl, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error_type").stringValue()).isEqualTo("runner_scheduling_failure");
        assertThat(reply.json().get("detail").isString()).isTrue();
        assertThat(reply.header("X-Fal-Error-Type")).isEqualTo("runner_scheduling_failure");
    }

    @Test
    void exhaustedBalanceLocksTheAccount() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withCreditExhausted(true));

        Reply reply = http.post(submitUrl, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json()).isEqualTo(json("{\"detail\":\"User is locked. Reason: Exhausted balance. "
                + "Top up your balance at fal.ai/dashboard/billing.\"}"));
    }

    @Test
    void rateLimitRefusesSubmit() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withRateLimitRate(1.0));

        Reply reply = http.post(submitUrl, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json()).isEqualTo(json("{\"detail\":\"Rate limit exceeded\"}"));
    }

    @Test
    void failedGenerationCompletesAndItsResultIsTheServerError() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withErrorRate(1.0));
        JsonNode queued = http.post(submitUrl, KEY, "{\"prompt\":\"p\"}").json();
        clock.advance(Duration.ofSeconds(30));

        Reply status = http.get(URI.create(queued.get("status_url").stringValue()), KEY);
        Reply result = http.get(URI.create(queued.get("response_url").stringValue()), KEY);

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(result.status()).isIn(500, 504);
        String errorType = result.json().get("error_type").stringValue();
        assertThat(errorType).isEqualTo(result.status() == 500 ? "internal_error" : "request_timeout");
        assertThat(result.header("X-Fal-Error-Type")).isEqualTo(errorType);
    }

    @Test
    void unsafePromptIsAcceptedThenRejectedByTheContentChecker() {
        Reply submitted = http.post(submitUrl, KEY, "{\"prompt\":\"something [unsafe] here\"}");
        assertThat(submitted.status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));

        Reply result = http.get(URI.create(submitted.json().get("response_url").stringValue()), KEY);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.header("X-Fal-Retryable")).isEqualTo("false");
        JsonNode violation = result.json().get("detail").get(0);
        assertThat(violation.get("type").stringValue()).isEqualTo("content_policy_violation");
        assertThat(violation.get("loc").toString()).isEqualTo("[\"body\",\"prompt\"]");
        assertThat(violation.get("msg").stringValue()).isNotBlank();
    }

    @Test
    void anUnsafeOutputCompletesWithItsFirstImageFlagged() {
        Reply submitted = http.post(submitUrl, KEY, "{\"prompt\":\"a beach [unsafe-output]\",\"num_images\":2}");
        assertThat(submitted.status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));

        Reply result = http.get(URI.create(submitted.json().get("response_url").stringValue()), KEY);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("has_nsfw_concepts").toString()).isEqualTo("[true,false]");
        assertThat(result.json().get("images")).hasSize(2);
    }

    @Test
    void recoversAsSoonAsTheOutageIsLifted() {
        simulator.profile(Vendor.FAL, VendorProfile.outageProfile());
        assertThat(http.post(submitUrl, KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(503);

        simulator.profile(Vendor.FAL, VendorProfile.healthy());

        assertThat(http.post(submitUrl, KEY, "{\"prompt\":\"p\"}").status()).isEqualTo(200);
    }
}
