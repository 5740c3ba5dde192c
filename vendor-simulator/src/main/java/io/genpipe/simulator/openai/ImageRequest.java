package io.genpipe.simulator.openai;

import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/images/generations} body, validated as the real API validates it, with
 * {@code auto} values already resolved to what the response reports.
 */
record ImageRequest(String prompt, String model, int n, int width, int height, String quality,
                    String outputFormat, String background) {

    private static final int MAX_PROMPT = 32_000;
    private static final int MAX_N = 10;
    private static final List<String> SIZES = List.of("1024x1024", "1536x1024", "1024x1536", "auto");
    private static final List<String> QUALITIES = List.of("low", "medium", "high", "auto");
    /** The 2.5 and 2.6 families add these [obs]. */
    private static final List<String> EXTENDED_QUALITIES = List.of("xhigh", "max");
    private static final List<String> FORMATS = List.of("png", "jpeg", "webp");
    private static final List<String> BACKGROUNDS = List.of("transparent", "opaque", "auto");
    /** The gpt-image-2 size rule [doc: official OpenAPI]: sides in multiples of 16, aspect up to 3:1, 3840x2160 at most. */
    private static final int SIDE_MULTIPLE = 16;
    private static final int MAX_SIDE = 3840;
    private static final long MAX_PIXELS = 3840L * 2160L;
    private static final int MAX_ASPECT = 3;

    /**
     * The request, or {@link OpenAiError.Rejected} carrying the error OpenAI would answer.
     *
     * @param today decides which models are shut down
     */
    static ImageRequest parse(JsonNode body, LocalDate today) {
        requireObject(body);
        String prompt = prompt(body.get("prompt"));
        OpenAiModel model = model(optionalString(body, "model", OpenAiModels.DEFAULT_MODEL), today);
        int n = n(body.get("n"));
        int[] size = size(optionalString(body, "size", "auto"), model);
        return withSize(body, prompt, model, n, size[0], size[1]);
    }

    /** The rest of a body whose prompt, model, count and size are known: quality, format and background. */
    static ImageRequest withSize(JsonNode body, String prompt, OpenAiModel model, int n, int width, int height) {
        List<String> qualities = new ArrayList<>(QUALITIES);
        if (model.extendedQualities()) {
            qualities.addAll(qualities.size() - 1, EXTENDED_QUALITIES);
        }
        String quality = oneOf("quality", optionalString(body, "quality", "auto"), qualities);
        String format = oneOf("output_format", optionalString(body, "output_format", "png"), FORMATS);
        String background = oneOf("background", optionalString(body, "background", "auto"), BACKGROUNDS);
        return new ImageRequest(prompt, model.id(), n, width, height, quality.equals("auto") ? "medium" : quality,
                format, background.equals("auto") ? "opaque" : background);
    }

    static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw new OpenAiError.Rejected(OpenAiError.invalid(
                    "Invalid type for body: expected an object, but got " + typeOf(body) + " instead.", null, "invalid_type"));
        }
    }

    /** Unknown and shut-down models both fail with {@code model_not_found}, as OpenAI answers them now. */
    static OpenAiModel model(String id, LocalDate today) {
        OpenAiModel model = OpenAiModels.byId(id)
                .orElseThrow(() -> new OpenAiError.Rejected(OpenAiError.modelNotFound(id)));
        if (model.isShutDown(today)) {
            throw new OpenAiError.Rejected(OpenAiError.modelShutDown(id));
        }
        return model;
    }

    String size() {
        return width + "x" + height;
    }

    static String prompt(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new OpenAiError.Rejected(OpenAiError.invalid(
                    "Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter"));
        }
        if (!node.isString()) {
            throw new OpenAiError.Rejected(invalidType("prompt", "a string", node));
        }
        String prompt = node.stringValue();
        if (prompt.isEmpty()) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid 'prompt': empty string. Expected a string "
                    + "with minimum length 1, but got an empty string instead.", "prompt", "empty_string"));
        }
        if (prompt.length() > MAX_PROMPT) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid 'prompt': string too long. Expected a string "
                    + "with maximum length " + MAX_PROMPT + ", but got a string with length " + prompt.length()
                    + " instead.", "prompt", "string_above_max_length"));
        }
        return prompt;
    }

    static int n(JsonNode node) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new OpenAiError.Rejected(invalidType("n", "an integer", node));
        }
        int n = node.intValue();
        if (n < 1) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid 'n': integer below minimum value. Expected a "
                    + "value >= 1, but got " + n + " instead.", "n", "integer_below_min_value"));
        }
        if (n > MAX_N) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid 'n': integer above maximum value. Expected a "
                    + "value <= " + MAX_N + ", but got " + n + " instead.", "n", "integer_above_max_value"));
        }
        return n;
    }

    /** The presets and auto (reported as 1024x1024); the gpt-image-2 family also any WxH within its rule. */
    private static int[] size(String size, OpenAiModel model) {
        if (size.equals("auto")) {
            return new int[] {1024, 1024};
        }
        int x = size.indexOf('x');
        if (SIZES.contains(size) || model.freeSizes() && x > 0 && freeSizeAllowed(size, x)) {
            return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
        }
        String supported = model.freeSizes()
                ? listed(SIZES) + ", or WIDTHxHEIGHT with both sides multiples of " + SIDE_MULTIPLE
                        + ", an aspect ratio between 1:" + MAX_ASPECT + " and " + MAX_ASPECT + ":1 and at most "
                        + MAX_SIDE + "x2160"
                : listed(SIZES);
        throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid value: '" + size + "'. Supported values are: "
                + supported + ".", "size", "invalid_value"));
    }

    private static boolean freeSizeAllowed(String size, int x) {
        String width = size.substring(0, x);
        String height = size.substring(x + 1);
        if (!width.matches("\\d{2,4}") || !height.matches("\\d{2,4}")) {
            return false;
        }
        int w = Integer.parseInt(width);
        int h = Integer.parseInt(height);
        return w > 0 && h > 0 && w % SIDE_MULTIPLE == 0 && h % SIDE_MULTIPLE == 0
                && Math.max(w, h) <= MAX_SIDE && (long) w * h <= MAX_PIXELS
                && Math.max(w, h) <= (long) MAX_ASPECT * Math.min(w, h);
    }

    static String optionalString(JsonNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isString()) {
            throw new OpenAiError.Rejected(invalidType(field, "a string", node));
        }
        return node.stringValue();
    }

    static String oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid value: '" + value + "'. Supported values are: "
                    + listed(allowed) + ".", field, "invalid_value"));
        }
        return value;
    }

    static OpenAiError invalidType(String field, String expected, JsonNode node) {
        return OpenAiError.invalid("Invalid type for '" + field + "': expected " + expected + ", but got "
                + typeOf(node) + " instead.", field, "invalid_type");
    }

    static String typeOf(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isArray() ? "an array" : "an object";
    }

    /** 'a', 'b', and 'c' */
    static String listed(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(i == values.size() - 1 ? ", and " : ", ");
            }
            text.append('\'').append(values.get(i)).append('\'');
        }
        return text.toString();
    }
}
