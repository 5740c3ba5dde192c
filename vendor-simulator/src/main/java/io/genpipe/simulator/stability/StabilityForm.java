package io.genpipe.simulator.stability;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text fields of a {@code multipart/form-data} body, which is how Stability takes its parameters. Only what a
 * text-to-image call sends is read: fields named by {@code Content-Disposition: form-data; name="..."}; file parts
 * (an input image) are kept as their bytes' text and never looked at.
 */
record StabilityForm(Map<String, String> fields) {

    private static final Pattern NAME = Pattern.compile(";\\s*name=\"([^\"]*)\"");

    StabilityForm {
        fields = Map.copyOf(fields);
    }

    Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The form in {@code body}, or empty when the content type is not multipart or the body does not parse. */
    static Optional<StabilityForm> parse(String contentType, byte[] body) {
        Optional<String> boundary = boundary(contentType);
        if (boundary.isEmpty()) {
            return Optional.empty();
        }
        // ISO-8859-1 maps each byte to one char, so offsets in the text are offsets in the bytes.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.get();
        int at = text.indexOf(delimiter);
        if (at < 0) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        while (true) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return Optional.of(new StabilityForm(fields)); // the closing delimiter
            }
            if (!text.startsWith("\r\n", partStart)) {
                return Optional.empty();
            }
            int headersEnd = text.indexOf("\r\n\r\n", partStart + 2);
            int next = text.indexOf("\r\n" + delimiter, partStart + 2);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                return Optional.empty();
            }
            Optional<String> name = name(text.substring(partStart + 2, headersEnd));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            byte[] value = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
            fields.put(name.get(), new String(value, StandardCharsets.UTF_8));
            at = next + 2;
        }
    }

    private static Optional<String> boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.strip();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = trimmed.substring("boundary=".length());
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The {@code name="..."} of a part's {@code Content-Disposition}. */
    private static Optional<String> name(String headers) {
        for (String header : headers.split("\r\n")) {
            if (!header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            // name, not filename: the parameter must follow a ';'
            Matcher name = NAME.matcher(header);
            return name.find() ? Optional.of(name.group(1)) : Optional.empty();
        }
        return Optional.empty();
    }
}
