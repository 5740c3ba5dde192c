package io.genpipe.simulator.ideogram;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.util.Map;

/**
 * An error as Ideogram answers it: a status and {@code {"error":"..."}} (vendor-apis.md section 6). Only the 422
 * safety body is attested [obs]; the other bodies take the same shape [?].
 */
record IdeogramError(int status, String error, Map<String, String> headers) {

    void sendTo(HttpExchange exchange) {
        Exchanges.sendJson(exchange, status, Map.of("error", error), headers);
    }

    static IdeogramError invalid(String message) {
        return new IdeogramError(400, message, Map.of());
    }

    static IdeogramError unauthorized() {
        return new IdeogramError(401, "Invalid or missing Api-Key header", Map.of());
    }

    /** Ideogram's answer for an empty balance is not documented [?]: 402, the status HTTP has for it. */
    static IdeogramError insufficientCredits() {
        return new IdeogramError(402, "Insufficient credits: top up your API balance to continue", Map.of());
    }

    static IdeogramError unsafe() {
        return new IdeogramError(422, "Prompt or provided image failed the safety checks", Map.of());
    }

    /** Ideogram's 429 is "too many in-flight requests"; the random refusals use the same answer. */
    static IdeogramError tooManyRequests(Map<String, String> wait) {
        return new IdeogramError(429, "Too many in-flight requests", wait);
    }

    static IdeogramError unavailable() {
        return new IdeogramError(503, "Service temporarily unavailable", Map.of());
    }

    static IdeogramError internal() {
        return new IdeogramError(500, "Internal server error", Map.of());
    }

    static IdeogramError notFound(String method, String path) {
        return new IdeogramError(404, "Not found: " + method + " " + path, Map.of());
    }

    static final class Rejected extends RuntimeException {

        private final transient IdeogramError error;

        Rejected(IdeogramError error) {
            super(error.error(), null, false, false);
            this.error = error;
        }

        IdeogramError error() {
            return error;
        }
    }
}
