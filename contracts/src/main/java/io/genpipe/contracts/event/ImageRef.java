package io.genpipe.contracts.event;

/**
 * Where a generated image is. Image bytes never travel through Kafka: a vendor's URL, or a reference into the
 * image store for vendors that answer with base64 or bytes.
 *
 * @param uri         {@code https://...} from the vendor, or {@code file:...} in the local image store
 * @param contentType e.g. {@code image/png}; optional
 */
public record ImageRef(String uri, Integer width, Integer height, String contentType) {

    public ImageRef {
        Require.text(uri, "uri");
    }
}
