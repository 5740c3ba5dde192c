package io.genpipe.simulator.openai;

import io.genpipe.simulator.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code POST /v1/images/edits} body, validated as the spec's {@code EditImageBodyJsonParam} (JSON: {@code images}
 * of {@code {image_url}} or {@code {file_id}}, an optional {@code mask} alike) or {@code CreateImageEditRequest}
 * (multipart: {@code image} or {@code image[]} files, an optional {@code mask} file) describes it.
 *
 * @param request     what to make: the edit's prompt, model, count, size and quality, with {@code auto} resolved
 * @param inputImages the images to edit, in order; the mask is not one of them
 */
record EditRequest(ImageRequest request, List<InputImage> inputImages) {

    /** The spec's maxItems for {@code images}, and the multipart limit for GPT image models. */
    static final int MAX_IMAGES = 16;
    /** The edit endpoint's sizes: unlike generations, the spec lists no free WxH for edits. */
    private static final List<String> SIZES = List.of("auto", "1024x1024", "1536x1024", "1024x1536");
    private static final int MAX_AUTO_SIDE = 3840;
    private static final long MAX_AUTO_PIXELS = 3840L * 2160L;
    private static final Pattern FILE_ID = Pattern.compile("file-[A-Za-z0-9_-]{1,64}");

    EditRequest {
        inputImages = List.copyOf(inputImages);
    }

    /** A JSON body, or {@link OpenAiError.Rejected} with the error OpenAI would answer. */
    static EditRequest parseJson(JsonNode body, LocalDate today) {
        ImageRequest.requireObject(body);
        JsonNode images = body.get("images");
        if (images == null || images.isNull()) {
            throw rejected("Missing required parameter: 'images'.", "images", "missing_required_parameter");
        }
        if (!images.isArray()) {
            throw new OpenAiError.Rejected(ImageRequest.invalidType("images", "an array", images));
        }
        if (images.isEmpty()) {
            throw rejected("Invalid 'images': empty array. Expected an array with minimum length 1, but got an empty "
                    + "array instead.", "images", "empty_array");
        }
        if (images.size() > MAX_IMAGES) {
            throw rejected("Invalid 'images': array too long. Expected an array with maximum length " + MAX_IMAGES
                    + ", but got an array with length " + images.size() + " instead.", "images",
                    "array_above_max_length");
        }
        List<InputImage> inputs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            inputs.add(reference(images.get(i), "images[" + i + "]"));
        }
        JsonNode mask = body.get("mask");
        Optional<InputImage> maskImage = mask == null || mask.isNull() ? Optional.empty()
                : Optional.of(reference(mask, "mask"));
        return of(body, inputs, maskImage, today);
    }

    /** A multipart form, or {@link OpenAiError.Rejected}. Text fields are read as the JSON body's would be. */
    static EditRequest parseForm(List<EditForm.Part> parts, LocalDate today) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        List<InputImage> inputs = new ArrayList<>();
        Optional<InputImage> mask = Optional.empty();
        for (EditForm.Part part : parts) {
            String name = part.name();
            if (name.equals("image") || name.equals("image[]")) {
                inputs.add(file(part, "image"));
            } else if (name.equals("mask")) {
                mask = Optional.of(file(part, "mask"));
            } else if (!part.isFile()) {
                String text = part.text();
                if (name.equals("n") && text.strip().matches("-?\\d{1,9}")) {
                    fields.put(name, Integer.parseInt(text.strip()));
                } else {
                    fields.put(name, text);
                }
            }
        }
        if (inputs.isEmpty()) {
            throw rejected("Missing required parameter: 'image'.", "image", "missing_required_parameter");
        }
        if (inputs.size() > MAX_IMAGES) {
            throw rejected("Invalid 'image': too many images. Expected at most " + MAX_IMAGES + ", but got "
                    + inputs.size() + " instead.", "image", "array_above_max_length");
        }
        return of(fields, inputs, mask, today);
    }

    private static EditRequest of(JsonNode body, List<InputImage> inputs, Optional<InputImage> mask, LocalDate today) {
        String prompt = ImageRequest.prompt(body.get("prompt"));
        OpenAiModel model = ImageRequest.model(ImageRequest.optionalString(body, "model", OpenAiModels.DEFAULT_MODEL),
                today);
        int n = ImageRequest.n(body.get("n"));
        InputImage first = inputs.get(0);
        if (mask.isPresent() && mask.get().sizeKnown() && first.sizeKnown()
                && (mask.get().width() != first.width() || mask.get().height() != first.height())) {
            throw rejected("Invalid mask image: the mask is " + mask.get().width() + "x" + mask.get().height()
                    + " but the image is " + first.width() + "x" + first.height() + "; they must be the same size.",
                    "mask", "invalid_image_size");
        }
        String size = ImageRequest.oneOf("size", ImageRequest.optionalString(body, "size", "auto"), SIZES);
        int width;
        int height;
        if (size.equals("auto")) {
            // auto keeps the first image's size when the simulator can see it and it is no larger than gpt-image-2
            // makes; an image by reference, or a larger one, gets the square.
            boolean keep = first.sizeKnown() && Math.max(first.width(), first.height()) <= MAX_AUTO_SIDE
                    && (long) first.width() * first.height() <= MAX_AUTO_PIXELS;
            width = keep ? first.width() : 1024;
            height = keep ? first.height() : 1024;
        } else {
            int x = size.indexOf('x');
            width = Integer.parseInt(size.substring(0, x));
            height = Integer.parseInt(size.substring(x + 1));
        }
        return new EditRequest(ImageRequest.withSize(body, prompt, model, n, width, height), inputs);
    }

    /** One {@code ImageRefParam}: exactly one of {@code image_url} (https or a data URL) and {@code file_id}. */
    private static InputImage reference(JsonNode ref, String field) {
        if (!ref.isObject()) {
            throw new OpenAiError.Rejected(ImageRequest.invalidType(field, "an object", ref));
        }
        JsonNode url = ref.get("image_url");
        JsonNode fileId = ref.get("file_id");
        boolean hasUrl = url != null && !url.isNull();
        boolean hasFile = fileId != null && !fileId.isNull();
        if (hasUrl == hasFile) {
            throw rejected("Invalid '" + field + "': provide exactly one of 'image_url' or 'file_id'.", field,
                    "invalid_value");
        }
        if (hasFile) {
            if (!fileId.isString() || !FILE_ID.matcher(fileId.stringValue()).matches()) {
                throw rejected("Invalid '" + field + ".file_id': expected a file id such as 'file-abc123'.",
                        field + ".file_id", "invalid_value");
            }
            return InputImage.BY_REFERENCE;
        }
        if (!url.isString()) {
            throw new OpenAiError.Rejected(ImageRequest.invalidType(field + ".image_url", "a string", url));
        }
        String text = url.stringValue();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return InputImage.ofDataUrl(text).orElseThrow(() -> rejected("Invalid '" + field + ".image_url': the "
                    + "data URL does not hold a PNG, JPEG or WebP image.", field + ".image_url", "invalid_image_file"));
        }
        if (lower.startsWith("https://") && text.length() > "https://".length()) {
            return InputImage.BY_REFERENCE;
        }
        throw rejected("Invalid '" + field + ".image_url': expected an https URL or a base64-encoded data URL.",
                field + ".image_url", "invalid_image_url");
    }

    private static InputImage file(EditForm.Part part, String field) {
        if (!part.isFile()) {
            throw rejected("Invalid '" + field + "': expected a file upload, but got a text field instead.", field,
                    "invalid_type");
        }
        return InputImage.of(part.data()).orElseThrow(() -> rejected("Invalid image file for '" + field + "': the "
                + "upload is not a PNG, JPEG or WebP image.", field, "invalid_image_file"));
    }

    private static OpenAiError.Rejected rejected(String message, String param, String code) {
        return new OpenAiError.Rejected(OpenAiError.invalid(message, param, code));
    }
}
