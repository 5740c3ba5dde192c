package io.genpipe.simulator.huggingface;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as Hugging Face's inference router answers it: a status and {@code {"error":"..."}} (vendor-apis.md
 * section 8), plus {@code estimated_time} in seconds while a model loads. The wording is the simulator's own.
 */
record HuggingFaceError(int status, String message, Double estimatedTime, Map<String, String> headers) {

    HuggingFaceError(int status, String message) {
        this(status, message, null, Map.of());
    }

    /** A map, not a record: the body is one or two fields and {@code estimated_time} is left out when unset. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (estimatedTime != null) {
            body.put("estimated_time", estimatedTime);
        }
        return body;
    }

    void sendTo(HttpExchange exchange) {
        Exchanges.sendJson(exchange, status, body(), headers);
    }

    static HuggingFaceError badRequest(String message) {
        return new HuggingFaceError(400, message);
    }

    /** Never echoes the token it was given. */
    static HuggingFaceError unauthorized() {
        return new HuggingFaceError(401, "Invalid credentials in the Authorization header");
    }

    static HuggingFaceError creditsExhausted() {
        return new HuggingFaceError(402, "You have used up the monthly included credits for Inference Providers; "
                + "a PRO subscription includes more.");
    }

    static HuggingFaceError notServed(String model) {
        return new HuggingFaceError(404, "Model " + model + " is not served by hf-inference");
    }

    static HuggingFaceError noSuchPath(String method, String path) {
        return new HuggingFaceError(404, "Not Found: " + method + " " + path);
    }

    static HuggingFaceError rateLimited(Map<String, String> wait) {
        return new HuggingFaceError(429, "Rate limit reached; slow down or upgrade your plan", null, Map.copyOf(wait));
    }

    static HuggingFaceError internal() {
        return new HuggingFaceError(500, "Internal Server Error");
    }

    /** An outage: a 503 without {@code estimated_time}, so a client can tell it from a model that loads. */
    static HuggingFaceError unavailable() {
        return new HuggingFaceError(503, "Service Unavailable");
    }

    static HuggingFaceError loading(String model, double estimatedSeconds) {
        return new HuggingFaceError(503, "Model " + model + " is currently loading", estimatedSeconds, Map.of());
    }

    /** Thrown while reading a request that Hugging Face would refuse. */
    static final class Rejected extends RuntimeException {

        private final transient HuggingFaceError error;

        Rejected(HuggingFaceError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        HuggingFaceError error() {
            return error;
        }
    }
}
