package io.genpipe.worker.adapter.ideogram;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields (RFC 7578), which Ideogram 3.0 takes. The JDK client has no
 * multipart support, so this writes it: a random boundary per body, so no field value can contain it by chance.
 */
final class MultipartBody {

    private final String boundary = "genpipe-" + UUID.randomUUID();
    private final Map<String, String> fields = new LinkedHashMap<>();

    MultipartBody field(String name, Object value) {
        fields.put(name, String.valueOf(value));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    HttpRequest.BodyPublisher publisher() {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }
}
