package io.genpipe.worker.adapter.stability;

import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a 200 from Stability carried, read the same way whichever {@code Accept} asked for it, so that the filter,
 * the size, the bill and the store are decided once. {@code image} holds the bytes as sent; they are checked to be an
 * image later, with the bytes answer's.
 *
 * @param finishReason {@code SUCCESS} or {@code CONTENT_FILTERED}
 * @param image        the image's bytes; empty when the answer had none
 */
record StabilityImage(String finishReason, byte[] image) {

    static final String SUCCESS = "SUCCESS";
    private static final String FINISH_REASON_HEADER = "finish-reason";

    /** {@code Accept: image/*}: the body is the image and the {@code finish-reason} header says why it ended. */
    static StabilityImage fromBytes(HttpResponse<byte[]> response) {
        return new StabilityImage(response.headers().firstValue(FINISH_REASON_HEADER).orElse(SUCCESS), response.body());
    }

    /**
     * {@code Accept: application/json}: {@code {"image":<base64>,"finish_reason","seed"}}. The body's
     * {@code finish_reason} is read first and the header only when the body has none, since Stability sends both.
     * Empty when the body is not a JSON object at all (cut off, an HTML page): not the vendor's shape.
     */
    static Optional<StabilityImage> fromJson(HttpResponse<byte[]> response) {
        JsonNode json = VendorJson.parse(new String(response.body(), StandardCharsets.UTF_8));
        if (!json.isObject()) {
            return Optional.empty();
        }
        String finishReason = json.path("finish_reason").asString("");
        if (finishReason.isEmpty()) {
            finishReason = response.headers().firstValue(FINISH_REASON_HEADER).orElse(SUCCESS);
        }
        return Optional.of(new StabilityImage(finishReason, decode(json.path("image").asString(""))));
    }

    /** Base64 that does not decode is no image: empty, which the image check turns down. */
    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException malformed) {
            return new byte[0];
        }
    }
}
