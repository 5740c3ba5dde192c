package io.genpipe.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the pipeline's APIs, as the demo, the end-to-end tests and the bench call them: each request
 * carries this client's API key as {@code Authorization: Bearer}, unless it sets its own header.
 */
public final class PipelineHttp {

    private static final String AUTHORIZATION = "Authorization";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String key;

    /** @param key the API key to send; {@code null} sends none */
    public PipelineHttp(String key) {
        this.key = key;
    }

    /** Sends and reads the body as text; I/O failures are unchecked, an interrupt keeps the thread's flag. */
    public HttpResponse<String> send(HttpRequest request) {
        HttpRequest authorized = key == null || request.headers().firstValue(AUTHORIZATION).isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).header(AUTHORIZATION, "Bearer " + key).build();
        try {
            return http.send(authorized, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    @Override
    public String toString() {
        return "PipelineHttp[" + (key == null ? "no key" : "with a key") + "]";
    }
}
