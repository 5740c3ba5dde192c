package io.genpipe.simulator.openai;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * A {@code POST /v1/images/generations} body, validated as the real API validates it, with
 * {@code auto} values already resolved to what the response reports.
 */
record ImageRequest(String prompt, String model, int n, int width, int height, String quality,
                    String outputFormat, String background) {

    static final String DEFAULT_MODEL = "gpt-image-1";
    private static final Set<String> MODELS = Set.of("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2");
    private static final int MAX_PROMPT = 32_000;
    private static final int MAX_N = 10;
    private static final List<String> SIZES = List.of("1024x1024", "1536x1024", "1024x1536", "auto");
    private static final List<String> QUALITIES = List.of("low", "medium", "high", "auto");
    private static final List<String> FORMATS = List.of("png", "jpeg", "webp");
    private static final List<String> BACKGROUNDS = List.of("transparent", "opaque", "auto");

    /** The request, or {@link OpenAiError.Rejected} carrying the 400 OpenAI would answer. */
    static ImageRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw new OpenAiError.Rejected(OpenAiError.invalid(
                    "Invalid type for body: expected an object, but got " + typeOf(body) + " instead.", null, "invalid_type"));
        }
        String prompt = prompt(body.get("prompt"));
        String model = optionalString(body, "model", DEFAULT_MODEL);
        if (!MODELS.contains(model)) {
            // dall-e-2 and dall-e-3 were shut down on 2026-05-12 and now fail like any unknown model.
            throw new OpenAiError.Rejected(OpenAiError.modelNotFound(model));
        }
        int n = n(body.get("n"));
        int[] size = size(optionalString(body, "size", "auto"), model);
        String quality = oneOf("quality", optionalString(body, "quality", "auto"), QUALITIES);
        String format = oneOf("output_format", optionalString(body, "output_format", "png"), FORMATS);
        String background = oneOf("background", optionalString(body, "background", "auto"), BACKGROUNDS);
        return new ImageRequest(prompt, model, n, size[0], size[1], quality.equals("auto") ? "medium" : quality,
                format, background.equals("auto") ? "opaque" : background);
    }

    String size() {
        return width + "x" + height;
    }

    private static String prompt(JsonNode node) {
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

    private static int n(JsonNode node) {
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

    /** Three fixed sizes and auto (reported as 1024x1024); gpt-image-2 also takes any WxH in multiples of 16. */
    private static int[] size(String size, String model) {
        if (size.equals("auto")) {
            return new int[] {1024, 1024};
        }
        int x = size.indexOf('x');
        if (SIZES.contains(size) || model.equals("gpt-image-2") && x > 0 && freeSizeAllowed(size, x)) {
            return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
        }
        throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid value: '" + size + "'. Supported values are: "
                + listed(SIZES) + ".", "size", "invalid_value"));
    }

    private static boolean freeSizeAllowed(String size, int x) {
        String width = size.substring(0, x);
        String height = size.substring(x + 1);
        if (!width.matches("\\d{2,4}") || !height.matches("\\d{2,4}")) {
            return false;
        }
        int w = Integer.parseInt(width);
        int h = Integer.parseInt(height);
        return w % 16 == 0 && h % 16 == 0 && w > 0 && h > 0;
    }

    private static String optionalString(JsonNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isString()) {
            throw new OpenAiError.Rejected(invalidType(field, "a string", node));
        }
        return node.stringValue();
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new OpenAiError.Rejected(OpenAiError.invalid("Invalid value: '" + value + "'. Supported values are: "
                    + listed(allowed) + ".", field, "invalid_value"));
        }
        return value;
    }

    private static OpenAiError invalidType(String field, String expected, JsonNode node) {
        return OpenAiError.invalid("Invalid type for '" + field + "': expected " + expected + ", but got "
                + typeOf(node) + " instead.", field, "invalid_type");
    }

    private static String typeOf(JsonNode node) {
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
    private static String listed(List<String> values) {
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
