package io.genpipe.cli.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * genpipe's HTTP API as the commands use it: JSON in and out, the key as a bearer token, and every refusal turned into
 * an {@link ApiException} that says what genpipe said. The key is held here only; {@link #toString()} leaves it out.
 */
public final class GenpipeApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ApiOptions where;
    private final String key;
    private final HttpClient http;

    private GenpipeApi(ApiOptions where, String key) {
        this.where = where;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The API with the key read from {@code where.keyEnv()}; empty when that variable is unset or blank. */
    public static Optional<GenpipeApi> connect(ApiOptions where, Function<String, String> environment) {
        String key = environment.apply(where.keyEnv());
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(new GenpipeApi(where, key));
    }

    public ApiOptions where() {
        return where;
    }

    public JsonNode getFromIngress(String path) {
        return json(send(request(where.ingress().resolve(path)).GET()));
    }

    public JsonNode getFromSink(String path) {
        return json(send(request(where.sink().resolve(path)).GET()));
    }

    /** GET of an absolute URL genpipe gave (a batch's or a job's status URL). */
    public JsonNode get(URI url) {
        return json(send(request(url).GET()));
    }

    public JsonNode postToIngress(String path, String json) {
        return json(send(request(where.ingress().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** The answer whatever its status, for callers that act on the status themselves (a 429 waited out). */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + request.build().uri().resolve("/") + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    /** A request to genpipe with the key; a URL outside genpipe (an image) gets {@link #download} instead. */
    public HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
    }

    /** The bytes at an image's URL, fetched without genpipe's key (vendors' and stores' URLs need none). */
    public InputStream download(URI url) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new ApiException(response.statusCode(), "HTTP " + response.statusCode() + " for " + url);
            }
            return response.body();
        } catch (IOException e) {
            throw new ApiException(0, "cannot download " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw refusal(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ApiException(response.statusCode(), "not JSON from " + response.uri() + ": "
                    + e.getOriginalMessage());
        }
    }

    /** {@code HTTP 422 field: detail} from problem+json (or OpenAI's error shape); the status alone otherwise. */
    public static ApiException refusal(HttpResponse<String> response) {
        StringBuilder message = new StringBuilder("HTTP ").append(response.statusCode());
        try {
            JsonNode body = JSON.readTree(response.body());
            JsonNode field = body.path("field");
            JsonNode detail = body.has("detail") ? body.path("detail") : body.path("error").path("message");
            // A detail that names its field already (the ingress's do) is not prefixed with it again.
            if (field.isString() && !(detail.isString() && detail.asString().startsWith(field.asString()))) {
                message.append(' ').append(field.asString()).append(':');
            }
            if (detail.isString()) {
                message.append(' ').append(detail.asString());
            } else if (body.path("title").isString()) {
                message.append(' ').append(body.path("title").asString());
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not JSON: the status says it
        }
        return new ApiException(response.statusCode(), message.toString());
    }

    @Override
    public String toString() {
        return "GenpipeApi[ingress=" + where.ingress() + ", sink=" + where.sink() + ", key from $" + where.keyEnv()
                + "]";
    }
}
