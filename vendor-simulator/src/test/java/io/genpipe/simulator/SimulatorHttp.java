package io.genpipe.simulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain JDK HTTP client for talking to the simulator the way provider adapters will. */
public final class SimulatorHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public record Reply(int status, HttpHeaders headers, byte[] body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply post(URI uri, String authorization, String json) {
        return send(request(uri, authorization).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public CompletableFuture<Reply> postAsync(URI uri, String authorization, String json) {
        return client.sendAsync(request(uri, authorization).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Reply(response.statusCode(), response.headers(), response.body()));
    }

    public Reply get(URI uri, String authorization) {
        return send(request(uri, authorization).GET().build());
    }

    public Reply put(URI uri, String authorization, String json) {
        return send(request(uri, authorization).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Reply delete(URI uri) {
        return send(request(uri, null).DELETE().build());
    }

    private static HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
