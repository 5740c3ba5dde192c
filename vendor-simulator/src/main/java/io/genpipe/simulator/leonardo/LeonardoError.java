package io.genpipe.simulator.leonardo;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as Leonardo's Hasura-backed API answers it: {@code {"error","path":"$","code"}} (vendor-apis.md
 * section 2). The statuses Leonardo leaves undocumented (a rejected key, an outage, the rate limit's body) are
 * marked where they are made.
 */
record LeonardoError(int status, String error, String code, Map<String, String> headers) {

    void sendTo(HttpExchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("path", "$");
        body.put("code", code);
        Exchanges.sendJson(exchange, status, body, headers);
    }

    /** The wording of a rejected key is documented; its status is not [?]: 401, as most APIs answer. */
    static LeonardoError unauthorized() {
        return new LeonardoError(401, "Authentication hook unauthorized this request", "access-denied", Map.of());
    }

    /** Observed in several clients (not in Leonardo's docs): an empty balance is a 400, told apart by its text. */
    static LeonardoError notEnoughTokens() {
        return new LeonardoError(400, "not enough api tokens userId: 00000000-0000-4000-8000-00000000cafe",
                "unexpected", Map.of());
    }

    /** A prompt the moderation filter stops: 400, naming the word it matched. */
    static LeonardoError moderated(String word) {
        return new LeonardoError(400, "content moderation filter: " + word, "unexpected", Map.of());
    }

    /** Type and range errors, in Hasura's wording for a wrong JSON type. */
    static LeonardoError invalid(String message) {
        return new LeonardoError(400, message, "validation-failed", Map.of());
    }

    /** 429 is documented, its body is not [?]; this one reads like Leonardo's other errors. */
    static LeonardoError rateLimited(Map<String, String> wait) {
        return new LeonardoError(429, "rate limit exceeded", "rate-limit-exceeded", wait);
    }

    /** Over the account's concurrent-job limit: Leonardo documents the limit (10), not the answer [?]. */
    static LeonardoError tooManyJobs(int limit, Map<String, String> wait) {
        return new LeonardoError(429, "too many concurrent generations: limit " + limit, "rate-limit-exceeded", wait);
    }

    /** What an outage looks like is not documented [?]: a 503 in the usual shape. */
    static LeonardoError unavailable() {
        return new LeonardoError(503, "service temporarily unavailable", "unexpected", Map.of());
    }

    static LeonardoError internal() {
        return new LeonardoError(500, "internal server error", "unexpected", Map.of());
    }

    static LeonardoError notFound(String method, String path) {
        return new LeonardoError(404, "no route for " + method + " " + path, "not-found", Map.of());
    }

    /** Thrown while reading a request Leonardo would refuse. */
    static final class Rejected extends RuntimeException {

        private final transient LeonardoError error;

        Rejected(LeonardoError error) {
            super(error.error(), null, false, false);
            this.error = error;
        }

        LeonardoError error() {
            return error;
        }
    }
}
