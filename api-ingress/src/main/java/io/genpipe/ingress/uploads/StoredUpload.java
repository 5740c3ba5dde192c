package io.genpipe.ingress.uploads;

/**
 * An image as stored, and the answer of {@code POST /v1/uploads}.
 *
 * @param uri         the {@code file:} reference a job's {@code inputs.images} (or {@code mask}) names it by
 * @param contentType what its bytes are ({@code image/png}), whatever the request said
 * @param bytes       its size
 * @param name        its file name in the tenant's uploads ({@code <id>.<ext>}), as {@code GET /v1/uploads/{name}}
 *                    reads it
 */
public record StoredUpload(String uri, String contentType, long bytes, String name) {
}
