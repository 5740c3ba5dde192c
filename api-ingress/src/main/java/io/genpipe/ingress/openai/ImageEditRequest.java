package io.genpipe.ingress.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * OpenAI's {@code EditImageBodyJsonParam}, the JSON body of {@code POST /v1/images/edits}, every documented member as
 * the official OpenAPI document names them. Values stay strings, as in {@link ImageGenerationRequest}, so that one
 * genpipe cannot honour is refused by name.
 */
record ImageEditRequest(
        String model,
        List<ImageRef> images,
        ImageRef mask,
        String prompt,
        Integer n,
        String quality,
        @JsonProperty("input_fidelity") String inputFidelity,
        String size,
        String user,
        @JsonProperty("output_format") String outputFormat,
        @JsonProperty("output_compression") Integer outputCompression,
        String moderation,
        String background,
        Boolean stream,
        @JsonProperty("partial_images") Integer partialImages) {

    /** The members above, as on the wire. */
    static final List<String> MEMBERS = List.of("model", "images", "mask", "prompt", "n", "quality", "input_fidelity",
            "size", "user", "output_format", "output_compression", "moderation", "background", "stream",
            "partial_images");

    /** The members of the multipart form ({@code CreateImageEditRequest}) besides its files {@code image} and {@code mask}. */
    static final List<String> FORM_MEMBERS = List.of("prompt", "background", "model", "n", "size", "response_format",
            "output_format", "output_compression", "user", "input_fidelity", "stream", "partial_images", "quality");

    /** OpenAI's {@code ImageRefParam}: exactly one of the two. */
    record ImageRef(@JsonProperty("image_url") String imageUrl, @JsonProperty("file_id") String fileId) {

        static final List<String> MEMBERS = List.of("image_url", "file_id");
    }

    /** The members it shares with a generation, which mean the same there. */
    ImageGenerationRequest asGeneration() {
        return new ImageGenerationRequest(prompt, model, n, quality, null, outputFormat, outputCompression, stream,
                partialImages, size, moderation, background, null, user);
    }
}
