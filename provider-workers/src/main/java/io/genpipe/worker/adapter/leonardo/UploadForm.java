package io.genpipe.worker.adapter.leonardo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code multipart/form-data} POST of a presigned S3 upload: the form's fields as Leonardo handed them out, in
 * order, then the file, last, as S3 requires (it ignores fields after the file). Built by hand: the JDK client has no
 * multipart support. The boundary is drawn again until no field value contains it; the file's bytes may contain
 * anything, which a boundary of a random UUID meets by chance with no practical likelihood.
 */
final class UploadForm {

    private final Map<String, String> fields = new LinkedHashMap<>();

    UploadForm field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    Encoded withFile(String filename, String contentType, byte[] file) {
        String boundary;
        do {
            boundary = "genpipe-" + UUID.randomUUID();
        } while (contains(boundary));
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 1024);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n");
            write(body, field.getValue());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(file);
        write(body, "\r\n--" + boundary + "--\r\n");
        return new Encoded("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    record Encoded(String contentType, byte[] body) {
    }

    private boolean contains(String boundary) {
        return fields.entrySet().stream()
                .anyMatch(field -> field.getKey().contains(boundary) || field.getValue().contains(boundary));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
