package io.genpipe.simulator.google;

import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class GoogleGenerateContentApiTest {

    private static final String KEY = "AIza-right";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static VendorSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.GOOGLE, KEY));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy());
    }

    @Test
    void answersOneInlinePngAndCountsItsTokensByImageSize() {
        Reply reply = generate("gemini-3.1-flash-image", body("a lighthouse at dawn", "16:9", "2K"), KEY);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        JsonNode inline = json.at("/candidates/0/content/parts/0/inlineData");
        assertThat(inline.get("mimeType").stringValue()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(inline.get("data").stringValue())).startsWith(PNG_SIGNATURE);
        assertThat(json.at("/candidates/0/finishReason").stringValue()).isEqualTo("STOP");
        assertThat(json.at("/usageMetadata/candidatesTokenCount").intValue()).isEqualTo(1680);
        assertThat(json.at("/usageMetadata/promptTokenCount").intValue()).isEqualTo(5);
    }

    @Test
    void drawsTheImageAtTheAskedAspectRatioAndSizeTier() throws IOException {
        assertThat(drawn(body("a lighthouse", "16:9", "1K"))).isEqualTo("1344x768");
        assertThat(drawn(body("a lighthouse", "2:3", "1K"))).isEqualTo("832x1248");
        assertThat(drawn(body("a lighthouse", "1:1", "2K"))).isEqualTo("2048x2048");
        assertThat(drawn(body("a lighthouse", "9:16", "512"))).isEqualTo("384x672");
        assertThat(drawn("{\"contents\":[{\"parts\":[{\"text\":\"a cat\"}]}],"
                + "\"generationConfig\":{\"responseModalities\":[\"IMAGE\"]}}")).as("1:1 at 1K by default")
                .isEqualTo("1024x1024");
    }

    private static String drawn(String body) throws IOException {
        JsonNode inline = generate("gemini-3.1-flash-image", body, KEY).json()
                .at("/candidates/0/content/parts/0/inlineData");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                Base64.getDecoder().decode(inline.get("data").stringValue())));
        return image.getWidth() + "x" + image.getHeight();
    }

    @Test
    void refusesWithoutTheKeyAndNeverEchoesIt() {
        Reply missing = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), null);
        Reply wrong = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), "AIza-wrong");

        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().at("/error/status").stringValue()).isEqualTo("PERMISSION_DENIED");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/error/details/0/reason").stringValue()).isEqualTo("API_KEY_INVALID");
        assertThat(new String(wrong.body())).doesNotContain("AIza-wrong");
    }

    @Test
    void imagenModelsAnswerAsShutDownAndUnknownModelsAsNotFound() {
        Reply imagen = generate("imagen-4.0-generate-001", body("a cat", "1:1", "1K"), KEY);
        Reply unknown = generate("gemini-0-image", body("a cat", "1:1", "1K"), KEY);

        assertThat(imagen.status()).isEqualTo(404);
        assertThat(imagen.json().at("/error/message").stringValue()).contains("shut down");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/status").stringValue()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aBlockedPromptHasPromptFeedbackAndAWithheldImageHasFinishReasonSafety() {
        JsonNode input = generate("gemini-3.1-flash-image", body("a cat [unsafe]", "1:1", "1K"), KEY).json();
        JsonNode output = generate("gemini-3.1-flash-image", body("a cat [unsafe-output]", "1:1", "1K"), KEY).json();

        assertThat(input.at("/promptFeedback/blockReason").stringValue()).isEqualTo("SAFETY");
        assertThat(input.has("candidates")).isFalse();
        assertThat(output.at("/candidates/0/finishReason").stringValue()).isEqualTo("SAFETY");
        assertThat(output.at("/candidates/0/content").isMissingNode()).isTrue();
    }

    @Test
    void invalidImageConfigIsInvalidArgument() {
        Reply ratio = generate("gemini-3.1-flash-image", body("a cat", "7:5", "1K"), KEY);
        Reply size = generate("gemini-3.1-flash-image", body("a cat", "1:1", "8K"), KEY);

        assertThat(ratio.status()).isEqualTo(400);
        assertThat(ratio.json().at("/error/status").stringValue()).isEqualTo("INVALID_ARGUMENT");
        assertThat(size.status()).isEqualTo(400);
    }

    @Test
    void profilesAnswerInGooglesShapes() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.outageProfile());
        Reply outage = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY);
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withCreditExhausted(true));
        Reply billing = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY);
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(7)));
        Reply limited = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY);
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withRateLimitRate(1.0));
        Reply limitedNoWait = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY);
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withErrorRate(1.0));
        Reply internal = generate("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY);

        assertThat(outage.status()).isEqualTo(503);
        assertThat(outage.json().at("/error/status").stringValue()).isEqualTo("UNAVAILABLE");
        assertThat(billing.status()).isEqualTo(400);
        assertThat(billing.json().at("/error/message").stringValue()).contains("billed users");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().at("/error/details/0/retryDelay").stringValue()).isEqualTo("7s");
        assertThat(limitedNoWait.json().at("/error/details").isMissingNode()).isTrue();
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.json().at("/error/status").stringValue()).isEqualTo("INTERNAL");
    }

    @Test
    void theAccountsConcurrencyRefusesCallsOverIt() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withConcurrency(1)
                .withLatency(io.genpipe.simulator.LatencyProfile.fixed(Duration.ofMillis(600))));
        simulator.resetCounters(Vendor.GOOGLE);
        var first = CLIENT.sendAsync(request("gemini-3.1-flash-image", body("a cat", "1:1", "1K"), KEY),
                HttpResponse.BodyHandlers.ofByteArray());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> simulator.peakInProgress(Vendor.GOOGLE) == 1);
        Reply second = generate("gemini-3.1-flash-image", body("a dog", "1:1", "1K"), KEY);

        assertThat(second.status()).isEqualTo(429);
        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(simulator.limitRefusals(Vendor.GOOGLE)).isEqualTo(1);
    }

    static String body(String prompt, String ratio, String size) {
        return "{\"contents\":[{\"parts\":[{\"text\":\"" + prompt + "\"}]}],\"generationConfig\":{"
                + "\"responseModalities\":[\"IMAGE\"],\"imageConfig\":{\"aspectRatio\":\"" + ratio
                + "\",\"imageSize\":\"" + size + "\"}}}";
    }

    private static HttpRequest request(String model, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(Vendor.GOOGLE) + "/models/"
                        + model + ":generateContent")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-goog-api-key", key);
        }
        return request.build();
    }

    private static Reply generate(String model, String body, String key) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request(model, body, key), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
