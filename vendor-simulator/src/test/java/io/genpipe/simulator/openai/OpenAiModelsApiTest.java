package io.genpipe.simulator.openai;

import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: OpenAI's shape, with every model's shutdown date. */
class OpenAiModelsApiTest {

    private static final String KEY = "Bearer sk-test";
    private static final SimulatorHttp http = new SimulatorHttp();
    private static VendorSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.OPENAI, "sk-test"));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void listsCurrentAndShutDownModelsWithTheirShutdownDates() {
        Reply reply = http.get(models(""), KEY);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("object").stringValue()).isEqualTo("list");
        Map<String, String> shutdowns = new HashMap<>();
        for (JsonNode model : body.get("data")) {
            assertThat(model.propertyNames()).containsExactly("id", "object", "created", "owned_by", "shutdown_date");
            assertThat(model.get("object").stringValue()).isEqualTo("model");
            assertThat(model.get("created").isIntegralNumber()).isTrue();
            assertThat(model.get("owned_by").stringValue()).isEqualTo("system");
            shutdowns.put(model.get("id").stringValue(),
                    model.get("shutdown_date").isNull() ? null : model.get("shutdown_date").stringValue());
        }
        assertThat(shutdowns)
                .containsEntry("gpt-image-2", null)
                .containsEntry("gpt-image-2-2026-04-21", null)
                .containsEntry("gpt-image-2.5-flare", null)
                .containsEntry("gpt-image-2.5-sunburst", null)
                .containsEntry("gpt-image-2.6-flare", null)
                .containsEntry("gpt-image-2.6-sunburst", null)
                .containsEntry("gpt-image-1", "2026-10-23")
                .containsEntry("gpt-image-1-mini", "2026-12-01")
                .containsEntry("gpt-image-1.5", "2026-12-01")
                .containsEntry("chatgpt-image-latest", "2026-12-01")
                .containsEntry("dall-e-2", "2026-05-12")
                .containsEntry("dall-e-3", "2026-05-12");
    }

    @Test
    void retrievesOneModelEvenWhenItIsShutDown() {
        Reply current = http.get(models("/gpt-image-2.6-sunburst"), KEY);
        Reply retired = http.get(models("/gpt-image-1-mini"), KEY);

        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("id").stringValue()).isEqualTo("gpt-image-2.6-sunburst");
        assertThat(current.json().get("shutdown_date").isNull()).isTrue();
        assertThat(retired.status()).isEqualTo(200);
        assertThat(retired.json().get("shutdown_date").stringValue()).isEqualTo("2026-12-01");
    }

    @Test
    void anUnknownModelIsNotFound() {
        Reply reply = http.get(models("/gpt-image-9"), KEY);

        assertThat(reply.status()).isEqualTo(404);
        JsonNode error = reply.json().get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("model_not_found");
        assertThat(error.get("param").stringValue()).isEqualTo("model");
        assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
    }

    @Test
    void needsTheKeyLikeEveryOtherCall() {
        assertThat(http.get(models(""), null).status()).isEqualTo(401);
        assertThat(http.get(models("/gpt-image-2"), "Bearer sk-wrong").json().get("error").get("code").stringValue())
                .isEqualTo("invalid_api_key");
    }

    @Test
    void isNotAGenerationAndIgnoresTheProfile() {
        long before = simulator.requestCount(Vendor.OPENAI);
        simulator.profile(Vendor.OPENAI, VendorProfile.outageProfile());
        try {
            assertThat(http.get(models(""), KEY).status()).isEqualTo(200);
        } finally {
            simulator.profile(Vendor.OPENAI, VendorProfile.healthy());
        }
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(before);
    }

    @Test
    void otherMethodsAndPathsAreInvalidUrls() {
        assertThat(http.post(models(""), KEY, "{}").status()).isEqualTo(404);
        assertThat(http.get(models("/gpt-image-2/extra"), KEY).json().get("error").get("message").stringValue())
                .isEqualTo("Invalid URL (GET /v1/models/gpt-image-2/extra)");
    }

    private static URI models(String suffix) {
        return URI.create(simulator.baseUrl(Vendor.OPENAI) + "/models" + suffix);
    }
}
