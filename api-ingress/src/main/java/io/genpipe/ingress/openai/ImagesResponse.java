package io.genpipe.ingress.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobSucceeded;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OpenAI's {@code ImagesResponse}, with only what genpipe knows: {@code size} and {@code output_format} when every
 * image reports the same and OpenAI's document has a value for it, and never {@code usage}, {@code quality} or {@code background}, which no genpipe event
 * carries (OpenAI's token counts are not in the outcome; inventing them would mislead whoever bills from them).
 *
 * @param created when the job's outcome was decided, in epoch seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImagesResponse(long created, List<Image> data, String size,
                      @JsonProperty("output_format") String outputFormat) {

    /**
     * The sizes OpenAI's {@code ImagesResponse.size} enumerates. Any other (gpt-image-2's free sizes, fal's) is left
     * out rather than said: a client generated from the document, with the enum as a closed type, would fail to read
     * the whole answer, images and all, for the sake of a member the request already named.
     */
    static final Set<String> OPENAI_SIZES = Set.of("1024x1024", "1024x1536", "1536x1024");

    /** One image: its bytes in base64 or where it is, as asked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Image(@JsonProperty("b64_json") String b64Json, String url) {

        static Image bytes(String base64) {
            return new Image(base64, null);
        }

        static Image at(String url) {
            return new Image(null, url);
        }
    }

    /** @param data the job's images, in its order */
    static ImagesResponse of(JobSucceeded succeeded, List<Image> data) {
        List<ImageRef> images = succeeded.images();
        return new ImagesResponse(succeeded.occurredAt().getEpochSecond(), data, commonSize(images),
                commonFormat(images));
    }

    private static String commonSize(List<ImageRef> images) {
        List<String> sizes = images.stream()
                .map(image -> image.width() == null || image.height() == null ? null
                        : image.width() + "x" + image.height())
                .distinct().toList();
        return sizes.size() == 1 && OPENAI_SIZES.contains(sizes.get(0)) ? sizes.get(0) : null;
    }

    private static String commonFormat(List<ImageRef> images) {
        List<String> formats = images.stream().map(image -> outputFormat(image.contentType())).distinct().toList();
        return formats.size() == 1 ? formats.get(0) : null;
    }

    /** {@code image/png} is {@code png}; OpenAI has only png, jpeg and webp, so anything else is left out. */
    static String outputFormat(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/webp" -> "webp";
            default -> null;
        };
    }
}
