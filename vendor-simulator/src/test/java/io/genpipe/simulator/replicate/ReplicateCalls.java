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

    /** {@code POST /files} with a {@code content} file part, as {@code curl -F content=@set.zip} sends it. */
    Reply upload(String filename, String type, byte[] content) {
        String boundary = "----genpipe-upload";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
                + "{\"job\":\"j-1\"}\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/files")).timeout(Duration.ofSeconds(30))
                .header("Authorization", KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    Reply train(String trainer, String version, String body) {
        return post("/models/" + trainer + "/versions/" + version + "/trainings", body, null, KEY);
    }

    Reply training(String id) {
        return new SimulatorHttp().get(URI.create(base + "/trainings/" + id), KEY);
    }

    Reply cancelTraining(String id) {
        return post("/trainings/" + id + "/cancel", "", null, KEY);
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
