package io.genpipe.simulator.replicate;

import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicateFailureModesTest {

    private static final String FLUX = "black-forest-labs/flux-schnell";
    private static final String BODY = "{\"input\":{\"prompt\":\"a fox\"}}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private VendorSimulator simulator;
    private ReplicateCalls calls;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.REPLICATE, "r8_right"), clock);
        calls = new ReplicateCalls(simulator.baseUrl(Vendor.REPLICATE));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void refusesCallsWithoutTheToken() {
        for (String authorization : new String[] {null, "Bearer r8_wrong", "Token r8_right"}) {
            Reply reply = calls.post("/models/" + FLUX + "/predictions", BODY, null, authorization);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().get("status").intValue()).isEqualTo(401);
            assertThat(new String(reply.body())).doesNotContain("r8_wrong");
        }
    }

    @Test
    void anAccountWithoutCreditGets402() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withCreditExhausted(true));

        Reply reply = calls.create(FLUX, BODY, null);

        assertThat(reply.status()).isEqualTo(402);
        assertThat(reply.json().get("title").stringValue()).isEqualTo("Insufficient credit");
    }

    @Test
    void aThrottledCallStatesItsWaitInTheTextOnly() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(2500)));
        Reply withWait = calls.create(FLUX, BODY, null);
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withRateLimitRate(1.0));
        Reply withoutWait = calls.create(FLUX, BODY, null);

        assertThat(withWait.status()).isEqualTo(429);
        assertThat(withWait.json().get("detail").stringValue()).isEqualTo(
                "Request was throttled. Your rate limit resets in ~3s.");
        assertThat(withWait.header("Retry-After")).isNull();
        assertThat(withoutWait.json().get("detail").stringValue()).isEqualTo("Request was throttled.");
    }

    @Test
    void theAccountsRequestLimitRefusesAndCounts() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withRequestsPerMinute(60));

        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(201);
        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(201);
        assertThat(simulator.limitRefusals(Vendor.REPLICATE)).isEqualTo(1);
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(3);
    }

    @Test
    void theAccountsConcurrencyRefusesWhileEnoughAreUnfinished() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withConcurrency(2));

        calls.create(FLUX, BODY, null);
        calls.create(FLUX, BODY, null);
        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(10));
        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(201);
        assertThat(simulator.peakInProgress(Vendor.REPLICATE)).isEqualTo(2);
        assertThat(simulator.limitRefusals(Vendor.REPLICATE)).isEqualTo(1);
    }

    @Test
    void anOutageIs503() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.outageProfile());

        assertThat(calls.create(FLUX, BODY, null).status()).isEqualTo(503);
    }

    @Test
    void aFlaggedPromptFailsThePredictionWithTheNsfwText() {
        JsonNode failed = finished(calls.create(FLUX, "{\"input\":{\"prompt\":\"a fox [unsafe]\"}}", null));

        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("error").stringValue()).contains("NSFW");
        assertThat(failed.get("output").isNull()).isTrue();
    }

    @Test
    void theErrorRateFailsPredictionsAfterTheyRan() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withErrorRate(1.0));

        JsonNode failed = finished(calls.create(FLUX, BODY, null));

        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("error").stringValue()).doesNotContain("NSFW");
        assertThat(failed.at("/metrics/predict_time").isNumber()).isTrue();
    }

    @Test
    void invalidInputIs422NamingTheField() {
        Reply ratio = calls.create(FLUX, "{\"input\":{\"prompt\":\"p\",\"aspect_ratio\":\"7:5\"}}", null);
        Reply noPrompt = calls.create(FLUX, "{\"input\":{}}", null);
        Reply tooMany = calls.create(FLUX, "{\"input\":{\"prompt\":\"p\",\"num_outputs\":9}}", null);

        assertThat(ratio.status()).isEqualTo(422);
        assertThat(ratio.json().at("/invalid_fields/0/field").stringValue()).isEqualTo("input.aspect_ratio");
        assertThat(noPrompt.json().at("/invalid_fields/0/field").stringValue()).isEqualTo("input.prompt");
        assertThat(tooMany.status()).isEqualTo(422);
    }

    private JsonNode finished(Reply created) {
        assertThat(created.status()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(10));
        return calls.get(created.json().get("id").stringValue()).json();
    }
}
