package io.genpipe.simulator.replicate;

import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to the simulated Replicate API the way a client makes them, {@code Prefer} header included. */
final class ReplicateCalls {

    static final String KEY = "Bearer r8_right";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    ReplicateCalls(URI base) {
        this.base = base;
    }

    Reply create(String model, String body, String prefer) {
        return post("/models/" + model + "/predictions", body, prefer, KEY);
    }

    Reply post(String path, String body, String prefer, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Reply get(String id) {
        return new SimulatorHttp().get(URI.create(base + "/predictions/" + id), KEY);
    }

    Reply cancel(String id) {
        return post("/predictions/" + id + "/cancel", "", null, KEY);
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
}
