package io.genpipe.ingress.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * OpenAI's {@code CreateImageRequest}, every documented member, as the official OpenAPI document names them.
 * Values stay strings so that a value OpenAI documents but genpipe cannot honour is refused by name
 * ({@link ImageGenerationMapping}), not as a parse error.
 */
public record ImageGenerationRequest(
        String prompt,
        String model,
        Integer n,
        String quality,
        @JsonProperty("response_format") String responseFormat,
        @JsonProperty("output_format") String outputFormat,
        @JsonProperty("output_compression") Integer outputCompression,
        Boolean stream,
        @JsonProperty("partial_images") Integer partialImages,
        String size,
        String moderation,
        String background,
        String style,
        String user) {

    /** The members above, as on the wire: anything else is refused, as OpenAI refuses it. */
    static final List<String> MEMBERS = List.of("prompt", "model", "n", "quality", "response_format",
            "output_format", "output_compression", "stream", "partial_images", "size", "moderation", "background",
            "style", "user");
}
