package io.genpipe.simulator.fal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** The JSON bodies fal's queue answers with (vendor-apis.md section 1). Field names go out in snake_case. */
final class FalBodies {

    static final String ERROR_TYPE_HEADER = "X-Fal-Error-Type";
    static final String RETRYABLE_HEADER = "X-Fal-Retryable";
    /** Says which deadline a 504 is about; {@code user} for the client's own {@code X-Fal-Request-Timeout}. */
    static final String TIMEOUT_TYPE_HEADER = "X-Fal-Request-Timeout-Type";

    private FalBodies() {
    }

    record Submitted(String requestId, String responseUrl, String statusUrl, String cancelUrl, String status,
                     int queuePosition) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueueStatus(String status, String requestId, Integer queuePosition, String responseUrl,
                       String statusUrl, String cancelUrl, List<Object> logs, Metrics metrics) {
    }

    record Metrics(double inferenceTime) {
    }

    record Result(List<Image> images, long seed, String prompt, List<Boolean> hasNsfwConcepts, Timings timings) {
    }

    record Image(String url, int width, int height, String contentType) {
    }

    /** One line of a request's logs ({@code ?logs=1}), as fal's status call lists them. */
    record LogLine(String message, String level, String source, String timestamp) {
    }

    /** A LoRA training's result: the weights and the training's configuration, as files on fal's CDN. */
    record TrainingResult(File diffusersLoraFile, File configFile) {
    }

    record File(String url, String contentType, String fileName, long fileSize) {
    }

    /** What the simulator recorded of a submit, for tests: {@code GET /__simulator/requests/{id}}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Received(String requestId, String modelId, String status, boolean noRetry, Double requestTimeoutSeconds) {
    }

    record Timings(double inference) {
    }

    /** Plain FastAPI-style error: {@code {"detail":"..."}}. */
    record Detail(String detail) {
    }

    /** Infrastructure error; the same type also goes in the {@value #ERROR_TYPE_HEADER} header. */
    record InfraError(String detail, String errorType) {
    }

    /** Model or validation error: {@code {"detail":[{"loc","msg","type"}]}}. */
    record Violations(List<Violation> detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Violation(List<String> loc, String msg, String type, String url) {

        static Violation of(String field, String msg, String type) {
            return new Violation(field == null ? List.of("body") : List.of("body", field), msg, type, null);
        }
    }

    record CancelStatus(String status) {
    }

    /** A failed generation as the result call returns it. */
    record Failure(int httpStatus, Object body, Map<String, String> headers) {

        static Failure infrastructure(int httpStatus, String errorType, String detail) {
            return new Failure(httpStatus, new InfraError(detail, errorType), Map.of(ERROR_TYPE_HEADER, errorType));
        }

        /**
         * A request still queued when its {@code X-Fal-Request-Timeout} passed (vendor-apis.md section 1: 504 with
         * {@code X-Fal-Request-Timeout-Type: user}). The body and error type are those of fal's other request
         * time-outs [?]: the docs name only the status and that header.
         */
        static Failure userTimeout() {
            return new Failure(504, new InfraError("Request timed out", "request_timeout"),
                    Map.of(ERROR_TYPE_HEADER, "request_timeout", TIMEOUT_TYPE_HEADER, "user"));
        }

        static Failure contentPolicy() {
            Violation violation = new Violation(List.of("body", "prompt"),
                    "The content could not be processed because it contained material flagged by a content checker.",
                    "content_policy_violation", "https://docs.fal.ai/errors#content_policy_violation");
            return new Failure(422, new Violations(List.of(violation)), Map.of(RETRYABLE_HEADER, "false"));
        }
    }
}
