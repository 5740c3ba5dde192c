package io.genpipe.worker.adapter.ideogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Downloads the bytes behind an image link, on the client every adapter shares, with the answer handed to the
 * worker's pool as {@code VendorHttp} does (its own sends read text, which would corrupt image bytes). Image links
 * are public: no key is sent with them.
 */
final class ImageCopies {

    private final HttpClient client;
    private final Executor callbacks;

    ImageCopies(HttpClient client, Executor callbacks) {
        this.client = Objects.requireNonNull(client, "client");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    CompletableFuture<HttpResponse<byte[]>> download(URI url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "image/*").GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenCompleteAsync((response, error) -> { }, callbacks);
    }
}
