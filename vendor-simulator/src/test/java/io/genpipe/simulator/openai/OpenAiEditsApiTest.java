package io.genpipe.simulator.openai;

import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.simulator.image.PlaceholderImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/images/edits}, as JSON and as a multipart form, against one simulator. */
class OpenAiEditsApiTest {

    private static final String KEY = "Bearer sk-test";
    private static final PlaceholderImages PICTURES = new PlaceholderImages();
    private static final SimulatorHttp HTTP = new SimulatorHttp();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static VendorSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy());
    }

    @Test
    void aJsonEditOfADataUrlAnswersImagesOfTheInputsSizeAndCountsItsImageTokens() throws IOException {
        long before = simulator.requestCount(Vendor.OPENAI);

        Reply reply = HTTP.post(edits(), KEY, "{\"model\":\"gpt-image-2\",\"prompt\":\"add a red hat\","
                + "\"images\":[{\"image_url\":\"" + dataUrl(300, 200) + "\"}],\"quality\":\"low\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-request-id")).startsWith("req_");
        JsonNode body = reply.json();
        assertThat(body.get("size").stringValue()).as("auto keeps the input's size").isEqualTo("300x200");
        BufferedImage image = decode(body.at("/data/0/b64_json").stringValue());
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
        JsonNode usage = body.get("usage");
        assertThat(usage.at("/input_tokens_details/text_tokens").intValue()).isEqualTo(4);
        assertThat(usage.at("/input_tokens_details/image_tokens").intValue()).isEqualTo(255);
        assertThat(usage.get("input_tokens").intValue()).isEqualTo(4 + 255);
        int output = ImageTokens.outputPerImage("low", 300, 200);
        assertThat(usage.get("output_tokens").intValue()).isEqualTo(output);
        assertThat(usage.get("total_tokens").intValue()).isEqualTo(4 + 255 + output);
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(before + 1);
    }

    @Test
    void imagesByHttpsUrlOrFileIdAreTakenAtTheSizeAskedAndCountAsSquares() throws IOException {
        Reply reply = HTTP.post(edits(), KEY, "{\"prompt\":\"make it snow\",\"n\":2,\"size\":\"1536x1024\","
                + "\"images\":[{\"image_url\":\"https://example.com/a.png\"},{\"file_id\":\"file-abc123\"}],"
                + "\"mask\":{\"image_url\":\"https://example.com/mask.png\"}}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("data")).hasSize(2);
        assertThat(decode(body.at("/data/1/b64_json").stringValue()).getWidth()).isEqualTo(1536);
        assertThat(body.at("/usage/input_tokens_details/image_tokens").intValue()).isEqualTo(2 * 765);
        assertThat(body.at("/usage/output_tokens").intValue()).isEqualTo(2 * 1568);
    }

    @Test
    void aMultipartEditTakesImageFilesAndAMask() throws IOException {
        Multipart form = new Multipart()
                .text("prompt", "two cats on a sofa")
                .text("n", "1")
                .file("image[]", "a.png", png(64, 64))
                .file("image[]", "b.png", png(64, 64))
                .file("mask", "mask.png", png(64, 64));

        HttpResponse<byte[]> reply = form.post(edits());

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode body = SimulatorHttp.JSON.readTree(reply.body());
        assertThat(body.get("size").stringValue()).isEqualTo("64x64");
        assertThat(body.at("/usage/input_tokens_details/image_tokens").intValue()).isEqualTo(2 * 255);
        assertThat(decode(body.at("/data/0/b64_json").stringValue()).getWidth()).isEqualTo(64);
    }

    @Test
    void aDataUrlThatIsNotAnImageIsA400InOpenAisShape() {
        String notAnImage = "data:image/png;base64," + Base64.getEncoder().encodeToString(
                "just some text".getBytes(StandardCharsets.UTF_8));

        Reply reply = HTTP.post(edits(), KEY, "{\"prompt\":\"p\",\"images\":[{\"image_url\":\"" + notAnImage + "\"}]}");

        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.json().get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").stringValue()).isEqualTo("images[0].image_url");
        assertThat(error.get("code").stringValue()).isEqualTo("invalid_image_file");
        assertThat(error.get("message").stringValue()).contains("data URL");
    }

    @Test
    void aMultipartFileThatIsNotAnImageIsA400() {
        HttpResponse<byte[]> reply = new Multipart().text("prompt", "p")
                .file("image", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8)).post(edits());

        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(SimulatorHttp.JSON.readTree(reply.body()).at("/error/code").stringValue())
                .isEqualTo("invalid_image_file");
    }

    @Test
    void badEditBodiesAreRefusedNamingTheirField() {
        assertRefused("{\"prompt\":\"p\"}", "images", "missing_required_parameter");
        assertRefused("{\"prompt\":\"p\",\"images\":[]}", "images", "empty_array");
        assertRefused("{\"prompt\":\"p\",\"images\":[{\"image_url\":\"https://x.test/a.png\",\"file_id\":\"file-1\"}]}",
                "images[0]", "invalid_value");
        assertRefused("{\"prompt\":\"p\",\"images\":[{\"image_url\":\"http://x.test/a.png\"}]}",
                "images[0].image_url", "invalid_image_url");
        assertRefused("{\"images\":[{\"image_url\":\"https://x.test/a.png\"}]}", "prompt",
                "missing_required_parameter");
        // The edit endpoint lists no free sizes, unlike generations.
        assertRefused("{\"prompt\":\"p\",\"size\":\"1536x864\",\"images\":[{\"image_url\":\"https://x.test/a.png\"}]}",
                "size", "invalid_value");
        assertRefused("{\"prompt\":\"p\",\"images\":[{\"image_url\":\"" + dataUrl(64, 64) + "\"}],"
                + "\"mask\":{\"image_url\":\"" + dataUrl(32, 32) + "\"}}", "mask", "invalid_image_size");
        StringBuilder seventeen = new StringBuilder("{\"prompt\":\"p\",\"images\":[");
        for (int i = 0; i < 17; i++) {
            seventeen.append(i == 0 ? "" : ",").append("{\"image_url\":\"https://x.test/").append(i).append(".png\"}");
        }
        assertRefused(seventeen + "]}", "images", "array_above_max_length");
    }

    @Test
    void editsShareTheKeyTheProfileAndTheModelsOfGenerations() {
        String body = "{\"prompt\":\"p\",\"images\":[{\"image_url\":\"https://x.test/a.png\"}]}";
        assertThat(HTTP.post(edits(), "Bearer", body).status()).isEqualTo(401);
        assertThat(HTTP.post(edits(), KEY, "{\"model\":\"dall-e-2\"," + body.substring(1)).json()
                .at("/error/code").stringValue()).isEqualTo("model_not_found");
        assertThat(HTTP.post(edits(), KEY, body.replace("\"p\"", "\"a hat [unsafe]\"")).json()
                .at("/error/code").stringValue()).isEqualTo("moderation_blocked");

        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withCreditExhausted(true));
        Reply quota = HTTP.post(edits(), KEY, body);
        assertThat(quota.status()).isEqualTo(429);
        assertThat(quota.json().at("/error/code").stringValue()).isEqualTo("insufficient_quota");

        simulator.profile(Vendor.OPENAI, VendorProfile.outageProfile());
        assertThat(HTTP.post(edits(), KEY, body).status()).isEqualTo(503);

        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withErrorRate(1.0));
        assertThat(HTTP.post(edits(), KEY, body).status()).isEqualTo(500);
    }

    private static void assertRefused(String body, String param, String code) {
        Reply reply = HTTP.post(edits(), KEY, body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.json().at("/error/param").stringValue()).as(body).isEqualTo(param);
        assertThat(reply.json().at("/error/code").stringValue()).as(body).isEqualTo(code);
    }

    private static URI edits() {
        return URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/edits");
    }

    private static byte[] png(int width, int height) {
        return PICTURES.png(0x336699, width, height);
    }

    private static String dataUrl(int width, int height) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(width, height));
    }

    private static BufferedImage decode(String base64) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertThat(image).isNotNull();
        return image;
    }

    /** A multipart/form-data body, as client libraries send one. */
    private static final class Multipart {

        private static final String BOUNDARY = "----genpipe-test-boundary";
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Multipart text(String name, String value) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Multipart file(String name, String filename, byte[] data) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: image/png\r\n\r\n");
            body.writeBytes(data);
            write("\r\n");
            return this;
        }

        HttpResponse<byte[]> post(URI uri) {
            write("--" + BOUNDARY + "--\r\n");
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", KEY)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            try {
                return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void write(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
