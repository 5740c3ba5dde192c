package io.genpipe.simulator.google;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error as Google's APIs answer it: {@code {"error":{"code","message","status","details"?}}} (vendor-apis.md
 * section 7). Messages are the simulator's own wording; clients must branch on code, status and details.
 */
record GoogleError(int code, String message, String status, List<Map<String, Object>> details) {

    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

    void sendTo(HttpExchange exchange) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        Exchanges.send(exchange, code, "application/json; charset=UTF-8", GoogleJson.write(Map.of("error", error)),
                Map.of());
    }

    static GoogleError of(int code, String status, String message) {
        return new GoogleError(code, message, status, List.of());
    }

    static GoogleError missingKey() {
        return of(403, "PERMISSION_DENIED", "This method needs an API key: send it in the x-goog-api-key header.");
    }

    /** Google answers a key it does not know with 400 and the reason API_KEY_INVALID in an ErrorInfo. */
    static GoogleError wrongKey() {
        return new GoogleError(400, "The API key is not valid; check the key and send it again.", "INVALID_ARGUMENT",
                List.of(Map.of("@type", ERROR_INFO, "reason", "API_KEY_INVALID",
                        "domain", "googleapis.com")));
    }

    static GoogleError invalid(String message) {
        return of(400, "INVALID_ARGUMENT", message);
    }

    static GoogleError modelNotFound(String model) {
        return of(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or does not support "
                + "generateContent.");
    }

    /** An Imagen id: the family was shut down, and calls to it answer 404 (vendor-apis.md section 7). */
    static GoogleError modelShutDown(String model) {
        return of(404, "NOT_FOUND", "models/" + model + " has been shut down and is no longer available. Use a "
                + "Gemini image model instead.");
    }

    static GoogleError billingRequired() {
        return of(400, "FAILED_PRECONDITION", "Image generation is only available to billed users, and this "
                + "project's billing account has no credit left.");
    }

    /** A quota refusal; with a wait, the RetryInfo detail that Gemini adds to its 429s. */
    static GoogleError resourceExhausted(Duration wait) {
        List<Map<String, Object>> details = new ArrayList<>();
        if (wait != null) {
            details.add(Map.of("@type", RETRY_INFO, "retryDelay", (wait.toMillis() + 999) / 1000 + "s"));
        }
        return new GoogleError(429, "Resource exhausted, please try again later.", "RESOURCE_EXHAUSTED",
                List.copyOf(details));
    }

    static GoogleError internal() {
        return of(500, "INTERNAL", "An internal error occurred; try again.");
    }

    static GoogleError unavailable() {
        return of(503, "UNAVAILABLE", "The model is overloaded right now; try again later.");
    }

    static final class Rejected extends RuntimeException {

        private final transient GoogleError error;

        Rejected(GoogleError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        GoogleError error() {
            return error;
        }
    }
}
