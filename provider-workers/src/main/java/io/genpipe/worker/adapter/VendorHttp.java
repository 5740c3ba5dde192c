package io.genpipe.worker.adapter;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The HTTP client all adapters share, with answers handed to the worker's own bounded pool. Without the hop the
 * JDK completes {@code sendAsync} futures on the common fork-join pool, and where that pool has fewer than two
 * threads (a 2-core machine) on a new thread per answer: reading JSON, decoding images and writing files must
 * not depend on that.
 */
public final class VendorHttp {

    private final HttpClient client;
    private final Executor callbacks;

    public VendorHttp(HttpClient client, Executor callbacks) {
        this.client = Objects.requireNonNull(client, "client");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    /** Sends without waiting; the future completes on the worker's pool. */
    public CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenCompleteAsync((response, error) -> { }, callbacks);
    }

    /** As {@link #send}, for vendors that answer with the image's bytes (Stability, Hugging Face). */
    public CompletableFuture<HttpResponse<byte[]>> sendForBytes(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenCompleteAsync((response, error) -> { }, callbacks);
    }

    /** Sends a request whose answer does not matter (a best-effort cancel). */
    public void sendAndForget(HttpRequest request) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }
}
