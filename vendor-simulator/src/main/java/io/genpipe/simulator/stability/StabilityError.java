package io.genpipe.simulator.stability;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An error as Stability answers it: a status and {@code {"id","name","errors":[...]}} (vendor-apis.md section 4),
 * where {@code name} is the kind a client can match on and {@code errors} are sentences for people. The wording is
 * the simulator's own; names and statuses are Stability's.
 */
record StabilityError(int status, String name, String message, Map<String, String> headers) {

    /** The body; {@code id} is the call's request id, as Stability echoes it. */
    Body body(String requestId) {
        return new Body(requestId, name, List.of(message));
    }

    void sendTo(HttpExchange exchange, String requestId) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("x-request-id", requestId);
        Exchanges.sendJson(exchange, status, body(requestId), all);
    }

    record Body(String id, String name, List<String> errors) {
    }

    static StabilityError badRequest(String message) {
        return new StabilityError(400, "bad_request", message, Map.of());
    }

    /** Never echoes the key it was given. */
    static StabilityError unauthorized() {
        return new StabilityError(401, "unauthorized", "missing or invalid API key: send Authorization: Bearer sk-...",
                Map.of());
    }

    static StabilityError paymentRequired() {
        return new StabilityError(402, "payment_required",
                "this account has too few credits for the request; buy credits and try again", Map.of());
    }

    static StabilityError contentModeration() {
        return new StabilityError(403, "content_moderation",
                "the prompt or an input image was flagged by the content moderation system", Map.of());
    }

    static StabilityError notFound(String method, String path) {
        return new StabilityError(404, "not_found", "no such endpoint: " + method + " " + path, Map.of());
    }

    /** @param wait the profile's {@code Retry-After}; Stability documents none, so only when the profile sets one */
    static StabilityError rateLimited(String message, Map<String, String> wait) {
        return new StabilityError(429, "rate_limit_exceeded", message, Map.copyOf(wait));
    }

    static StabilityError internal() {
        return new StabilityError(500, "internal_error", "an unexpected server error occurred", Map.of());
    }

    /** Stability documents no outage answer [?]: the simulator sends a 503 in its error shape. */
    static StabilityError unavailable() {
        return new StabilityError(503, "service_unavailable", "the service is temporarily unavailable", Map.of());
    }

    /** Thrown while reading a request that Stability would refuse. */
    static final class Rejected extends RuntimeException {

        private final transient StabilityError error;

        Rejected(StabilityError error) {
            super(error.name(), null, false, false);
            this.error = error;
        }

        StabilityError error() {
            return error;
        }
    }
}
