package io.genpipe.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.http.Exchanges;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An error as OpenAI answers it: an HTTP status and {@code {"error":{"message","type","param","code"}}}, plus
 * {@code moderation_details} on a GPT image moderation block. Messages follow the real API's wording so clients that
 * log them read the same.
 */
record OpenAiError(int status, String message, String type, String param, String code, Map<String, String> headers,
                   ModerationDetails moderationDetails) {

    private static final String INVALID_REQUEST = "invalid_request_error";

    OpenAiError(int status, String message, String type, String param, String code, Map<String, String> headers) {
        this(status, message, type, param, code, headers, null);
    }

    /** The body; {@code param} and {@code code} are written even when null, as OpenAI does. */
    Body body() {
        return new Body(new Detail(message, type, param, code, moderationDetails));
    }

    /** Answers the exchange with this error, naming the request as OpenAI does. */
    void sendTo(HttpExchange exchange, String requestId) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("x-request-id", requestId);
        Exchanges.sendJson(exchange, status, body(), all);
    }

    record Body(Detail error) {
    }

    record Detail(String message, String type, String param, String code,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("moderation_details")
                  ModerationDetails moderationDetails) {
    }

    /** Which of OpenAI's safety checks refused: the prompt ({@code input}) or the generated image ({@code output}). */
    record ModerationDetails(@JsonProperty("moderation_stage") String moderationStage, List<String> categories) {
    }

    static OpenAiError invalid(String message, String param, String code) {
        return new OpenAiError(400, message, INVALID_REQUEST, param, code, Map.of());
    }

    static OpenAiError missingKey() {
        return new OpenAiError(401, "You didn't provide an API key. You need to provide your API key in an "
                + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an "
                + "API key from https://platform.openai.com/account/api-keys.", INVALID_REQUEST, null, "invalid_api_key",
                Map.of());
    }

    /** Unlike the real API, the message never echoes any part of the key: keys stay out of logs. */
    static OpenAiError wrongKey() {
        return new OpenAiError(401, "Incorrect API key provided. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", INVALID_REQUEST, null, "invalid_api_key", Map.of());
    }

    static OpenAiError unparsableJson() {
        return invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
                + "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
                + "JSON.)", null, null);
    }

    /** A multipart edit whose form does not parse (no boundary, a truncated body). */
    static OpenAiError unparsableForm() {
        return invalid("We could not parse the multipart form of your request. Check that the Content-Type names the "
                + "boundary the body uses and that the body is complete.", null, null);
    }

    /** A body larger than the simulator holds; OpenAI's own limit is per image (50 MB files, 20 MB URLs). */
    static OpenAiError bodyTooLarge(int limit) {
        return new OpenAiError(413, "The request body is too large: at most " + limit + " bytes are accepted.",
                INVALID_REQUEST, null, "request_too_large", Map.of());
    }

    static OpenAiError invalidUrl(String method, String path) {
        return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", INVALID_REQUEST, null, null, Map.of());
    }

    /** A model OpenAI never had: 404, as the API answers it now. */
    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(404, "The model `" + model + "` does not exist or you do not have access to it.",
                INVALID_REQUEST, null, "model_not_found", Map.of());
    }

    /** A model past its shutdown date: the same 404 code, with OpenAI's wording for retired models. */
    static OpenAiError modelShutDown(String model) {
        return new OpenAiError(404, "The model `" + model + "` has been deprecated, learn more here: "
                + "https://platform.openai.com/docs/deprecations", INVALID_REQUEST, null, "model_not_found", Map.of());
    }

    /** {@code GET /v1/models/{id}} of a model it does not know. */
    static OpenAiError noSuchModel(String model) {
        return new OpenAiError(404, "The model '" + model + "' does not exist", INVALID_REQUEST, "model",
                "model_not_found", Map.of());
    }

    static OpenAiError moderationBlocked(String requestId) {
        return new OpenAiError(400, "Your request was rejected by the safety system. If you believe this is an "
                + "error, contact us at help.openai.com and include the request ID " + requestId + ". "
                + "safety_violations=[sexual].", "image_generation_user_error", null, "moderation_blocked", Map.of());
    }

    /**
     * The image was made and then refused by the safety system (vendor-apis.md: {@code moderation_details} with
     * {@code moderation_stage: "output"} [obs]); answered after the generation's latency.
     */
    static OpenAiError moderationBlockedAtOutput(String requestId) {
        OpenAiError blocked = moderationBlocked(requestId);
        return new OpenAiError(blocked.status(), blocked.message(), blocked.type(), null, blocked.code(), Map.of(),
                new ModerationDetails("output", List.of("sexual")));
    }

    static OpenAiError rateLimited() {
        return rateLimited(Map.of());
    }

    /** @param wait the profile's {@code Retry-After} / {@code retry-after-ms}, which OpenAI sends only sometimes */
    static OpenAiError rateLimited(Map<String, String> wait) {
        Map<String, String> headers = new HashMap<>(Map.of("x-ratelimit-limit-requests", "5",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "12s"));
        headers.putAll(wait);
        return new OpenAiError(429, "Rate limit exceeded for images per minute in organization org-simulator. "
                + "Limit: 5/1min. Current: 6/1min.", "requests", null, "rate_limit_exceeded", Map.copyOf(headers));
    }

    /** The account's requests-per-minute limit: OpenAI's 429 shape, naming the limit that was set. */
    static OpenAiError overRequestLimit(int requestsPerMinute, Map<String, String> wait) {
        Map<String, String> headers = new HashMap<>(Map.of("x-ratelimit-limit-requests",
                Integer.toString(requestsPerMinute), "x-ratelimit-remaining-requests", "0"));
        headers.putAll(wait);
        return new OpenAiError(429, "Rate limit exceeded for images per minute in organization org-simulator. "
                + "Limit: " + requestsPerMinute + "/1min.", "requests", null, "rate_limit_exceeded",
                Map.copyOf(headers));
    }

    /**
     * The account's concurrency limit. OpenAI documents no such limit, so this borrows its rate-limit shape, which
     * is what a client sees when it sends too much at once.
     */
    static OpenAiError overConcurrencyLimit(int concurrency, Map<String, String> wait) {
        return new OpenAiError(429, "Too many concurrent requests for images in organization org-simulator. "
                + "Limit: " + concurrency + " at once.", "requests", null, "rate_limit_exceeded", Map.copyOf(wait));
    }

    static OpenAiError quotaExceeded() {
        return new OpenAiError(429, "You exceeded your current quota, please check your plan and billing details. "
                + "For more information on this error, read the docs: "
                + "https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota", null,
                "insufficient_quota", Map.of());
    }

    static OpenAiError serverError() {
        return new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null, Map.of());
    }

    static OpenAiError overloaded() {
        return new OpenAiError(503, "The server is overloaded or not ready yet.", "server_error", null, null, Map.of());
    }

    /** Thrown while reading a request that OpenAI would refuse. */
    static final class Rejected extends RuntimeException {

        private final transient OpenAiError error;

        Rejected(OpenAiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        OpenAiError error() {
            return error;
        }
    }
}
