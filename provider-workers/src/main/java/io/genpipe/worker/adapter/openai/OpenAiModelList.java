package io.genpipe.worker.adapter.openai;

import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's own list of models, {@code GET /v1/models}: each entry may carry a {@code shutdown_date}
 * ({@code YYYY-MM-DD} or null), which is how OpenAI announces a model's end (vendor-apis.md section 3).
 */
final class OpenAiModelList {

    private final URI modelsUrl;
    private final ApiKey apiKey;
    private final OpenAiOptions options;
    private final VendorHttp http;

    OpenAiModelList(URI baseUrl, ApiKey apiKey, OpenAiOptions options, VendorHttp http) {
        String root = baseUrl.toString();
        this.modelsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "models");
        this.apiKey = apiKey;
        this.options = options;
        this.http = http;
    }

    /**
     * Model id to its shutdown date (empty: none announced). Fails when OpenAI does not answer 200: the caller
     * keeps what it knew, since a failed read says nothing about a model.
     */
    CompletableFuture<Map<String, Optional<LocalDate>>> shutdownDates() {
        HttpRequest request = OpenAiAuth.apply(HttpRequest.newBuilder(modelsUrl), apiKey, options)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.send(request).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /models answered HTTP " + response.statusCode());
            }
            return parse(VendorJson.parse(response.body()));
        });
    }

    static Map<String, Optional<LocalDate>> parse(JsonNode list) {
        Map<String, Optional<LocalDate>> dates = new HashMap<>();
        for (JsonNode model : list.path("data")) {
            String id = model.path("id").asString("");
            if (!id.isEmpty()) {
                dates.put(id, date(model.path("shutdown_date").asString("")));
            }
        }
        return dates;
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
