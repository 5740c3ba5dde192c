package io.genpipe.simulator.openai;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiFailureModesTest {

    private static final String KEY = "Bearer sk-right";
    /** The day vendor-apis.md was checked: gpt-image-1-mini and gpt-image-1.5 shut down on it. */
    private static final Clock DEC_1_2026 = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    private final SimulatorHttp http = new SimulatorHttp();
    private VendorSimulator simulator;
    private URI generations;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.OPENAI, "sk-right"), DEC_1_2026);
        generations = URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void refusesCallsWithoutTheKey() {
        Reply missing = http.post(generations, null, "{\"prompt\":\"p\"}");
        Reply wrongKey = http.post(generations, "Bearer sk-wrong", "{\"prompt\":\"p\"}");
        Reply wrongScheme = http.post(generations, "Key sk-right", "{\"prompt\":\"p\"}");

        for (Reply reply : new Reply[] {missing, wrongKey, wrongScheme}) {
            assertThat(reply.status()).isEqualTo(401);
            assertError(reply, "invalid_request_error", null, "invalid_api_key");
        }
        assertThat(wrongKey.json().get("error").get("message").stringValue()).doesNotContain("sk-wrong");
    }

    @Test
    void missingPromptNamesTheParameter() {
        Reply reply = http.post(generations, KEY, "{\"model\":\"gpt-image-2\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, "invalid_request_error", "prompt", "missing_required_parameter");
    }

    @Test
    void shutDownModelsAreNotFoundAsOpenAiAnswersThemNow() {
        for (String model : new String[] {"gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest",
                "dall-e-2", "dall-e-3"}) {
            Reply reply = http.post(generations, KEY, "{\"model\":\"" + model + "\",\"prompt\":\"p\"}");

            assertThat(reply.status()).as(model).isEqualTo(404);
            assertError(reply, "invalid_request_error", null, "model_not_found");
            assertThat(reply.json().get("error").get("message").stringValue()).contains(model, "deprecated");
        }
    }

    @Test
    void unknownModelsAreNotFound() {
        Reply reply = http.post(generations, KEY, "{\"model\":\"gpt-image-9\",\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertError(reply, "invalid_request_error", null, "model_not_found");
        assertThat(reply.json().get("error").get("message").stringValue()).contains("gpt-image-9", "does not exist");
    }

    @Test
    void aModelWorksUntilItsShutdownDate() {
        Clock dayBefore = Clock.fixed(Instant.parse("2026-11-30T23:59:00Z"), ZoneOffset.UTC);
        try (VendorSimulator before = VendorSimulator.start(SimulatorSettings.defaults(), dayBefore)) {
            Reply reply = http.post(URI.create(before.baseUrl(Vendor.OPENAI) + "/images/generations"), KEY,
                    "{\"model\":\"gpt-image-1-mini\",\"prompt\":\"p\"}");

            assertThat(reply.status()).isEqualTo(200);
        }
    }

    @Test
    void invalidParametersAreNamed() {
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"n\":11}"), "invalid_request_error", "n",
                "integer_above_max_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"size\":\"1000x1000\"}"), "invalid_request_error",
                "size", "invalid_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"quality\":\"hd\"}"), "invalid_request_error",
                "quality", "invalid_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"output_format\":\"gif\"}"), "invalid_request_error",
                "output_format", "invalid_value");
        assertError(http.post(generations, KEY, "not json"), "invalid_request_error", null, null);
    }

    @Test
    void theCurrentFamilyTakesFreeSizesWithinTheGptImage2Rule() {
        for (String model : new String[] {"gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-flare",
                "gpt-image-2.5-sunburst", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst"}) {
            for (String size : new String[] {"2048x1152", "3840x2160", "2160x3840", "1536x512", "16x48", "1024x1024",
                    "1536x1024", "1024x1536"}) {
                Reply reply = generate(model, size, "low");

                assertThat(reply.status()).as(model + " " + size).isEqualTo(200);
                assertThat(reply.json().get("size").stringValue()).isEqualTo(size);
            }
            assertThat(generate(model, "auto", "low").json().get("size").stringValue()).isEqualTo("1024x1024");
        }
    }

    @Test
    void freeSizesOutsideTheRuleAreInvalid() {
        // Not a multiple of 16; aspect above 3:1; longer side above 3840; more pixels than 3840x2160.
        for (String size : new String[] {"1000x1000", "1600x512", "4096x2048", "3072x2880", "0x0", "big"}) {
            Reply reply = generate("gpt-image-2", size, "low");

            assertThat(reply.status()).as(size).isEqualTo(400);
            assertError(reply, "invalid_request_error", "size", "invalid_value");
        }
    }

    @Test
    void xhighAndMaxQualityComeWithThe25AndLaterModels() {
        for (String model : new String[] {"gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare",
                "gpt-image-2.6-sunburst"}) {
            for (String quality : new String[] {"xhigh", "max"}) {
                Reply reply = generate(model, "1024x1024", quality);

                assertThat(reply.status()).as(model + " " + quality).isEqualTo(200);
                assertThat(reply.json().get("quality").stringValue()).isEqualTo(quality);
            }
        }
        assertError(generate("gpt-image-2", "1024x1024", "xhigh"), "invalid_request_error", "quality", "invalid_value");
    }

    @Test
    void outageAnswersServerError() {
        simulator.profile(Vendor.OPENAI, VendorProfile.outageProfile());

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(503);
        assertError(reply, "server_error", null, null);
    }

    @Test
    void exhaustedCreditIsInsufficientQuota() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withCreditExhausted(true));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertError(reply, "insufficient_quota", null, "insufficient_quota");
    }

    @Test
    void rateLimitIsRateLimitExceededOfTypeRequests() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertError(reply, "requests", null, "rate_limit_exceeded");
        assertThat(reply.header("x-ratelimit-remaining-requests")).isEqualTo("0");
    }

    @Test
    void unsafePromptIsBlockedByModeration() {
        Reply reply = http.post(generations, KEY, "{\"prompt\":\"[unsafe] please\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, "image_generation_user_error", null, "moderation_blocked");
    }

    @Test
    void anUnsafeOutputIsMadeThenBlockedAtTheOutputStage() {
        Reply reply = http.post(generations, KEY, "{\"prompt\":\"[unsafe-output] please\"}");

        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.json().get("error");
        assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code", "moderation_details");
        assertThat(error.get("code").stringValue()).isEqualTo("moderation_blocked");
        assertThat(reply.json().at("/error/moderation_details/moderation_stage").stringValue()).isEqualTo("output");
        assertThat(reply.json().at("/error/moderation_details/categories/0").stringValue()).isEqualTo("sexual");
        assertThat(http.post(generations, KEY, "{\"prompt\":\"[unsafe] please\"}").json().at("/error")
                .has("moderation_details")).as("written only where the simulator knows the stage").isFalse();
    }

    @Test
    void errorRateFailsGenerationsWithServerError() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withErrorRate(1.0));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(500);
        assertError(reply, "server_error", null, null);
    }

    private Reply generate(String model, String size, String quality) {
        return http.post(generations, KEY, "{\"model\":\"" + model + "\",\"prompt\":\"p\",\"size\":\"" + size
                + "\",\"quality\":\"" + quality + "\"}");
    }

    /** Checks the whole error envelope: exactly message, type, param and code, with nulls written out. */
    private static void assertError(Reply reply, String type, String param, String code) {
        JsonNode error = reply.json().get("error");
        assertThat(reply.json().size()).isEqualTo(1);
        assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.get("type").stringValue()).isEqualTo(type);
        assertThat(error.get("param").isNull() ? null : error.get("param").stringValue()).isEqualTo(param);
        assertThat(error.get("code").isNull() ? null : error.get("code").stringValue()).isEqualTo(code);
    }
}
