package io.genpipe.worker.adapter.stability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields, which is how Stability takes its parameters. Built by hand:
 * the JDK client has no multipart publisher, and text fields need only a boundary that no value contains.
 */
final class MultipartForm {

    private final Map<String, String> fields = new LinkedHashMap<>();

    MultipartForm add(String name, String value) {
        fields.put(name, value);
        return this;
    }

    Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    /** The body and the content type naming its boundary. */
    Encoded encode() {
        String boundary;
        do {
            boundary = "genpipe-" + UUID.randomUUID();
        } while (contains(boundary));
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\n");
            write(body, "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n");
            write(body, field.getValue());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return new Encoded("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    record Encoded(String contentType, byte[] body) {
    }

    private boolean contains(String boundary) {
        return fields.values().stream().anyMatch(value -> value.contains(boundary));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
