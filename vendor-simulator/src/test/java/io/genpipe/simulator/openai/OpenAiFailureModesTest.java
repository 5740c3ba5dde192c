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

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiFailureModesTest {

    private static final String KEY = "Bearer sk-right";
    private final SimulatorHttp http = new SimulatorHttp();
    private VendorSimulator simulator;
    private URI generations;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKeys(null, "sk-right"));
        generations = URI.create(simulator.openAiBaseUrl() + "/images/generations");
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
        Reply reply = http.post(generations, KEY, "{\"model\":\"gpt-image-1\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, "invalid_request_error", "prompt", "missing_required_parameter");
    }

    @Test
    void retiredAndUnknownModelsAreNotFound() {
        for (String model : new String[] {"dall-e-2", "dall-e-3", "gpt-image-9"}) {
            Reply reply = http.post(generations, KEY, "{\"model\":\"" + model + "\",\"prompt\":\"p\"}");

            assertThat(reply.status()).isEqualTo(400);
            assertError(reply, "invalid_request_error", null, "model_not_found");
            assertThat(reply.json().get("error").get("message").stringValue()).contains(model);
        }
    }

    @Test
    void invalidParametersAreNamed() {
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"n\":11}"), "invalid_request_error", "n",
                "integer_above_max_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"size\":\"512x512\"}"), "invalid_request_error",
                "size", "invalid_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"quality\":\"hd\"}"), "invalid_request_error",
                "quality", "invalid_value");
        assertError(http.post(generations, KEY, "{\"prompt\":\"p\",\"output_format\":\"gif\"}"), "invalid_request_error",
                "output_format", "invalid_value");
        assertError(http.post(generations, KEY, "not json"), "invalid_request_error", null, null);
    }

    @Test
    void gptImage2TakesAnySizeInMultiplesOf16() {
        Reply reply = http.post(generations, KEY, "{\"model\":\"gpt-image-2\",\"prompt\":\"p\",\"size\":\"2048x1152\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("size").stringValue()).isEqualTo("2048x1152");
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
    void errorRateFailsGenerationsWithServerError() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withErrorRate(1.0));

        Reply reply = http.post(generations, KEY, "{\"prompt\":\"p\"}");

        assertThat(reply.status()).isEqualTo(500);
        assertError(reply, "server_error", null, null);
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
