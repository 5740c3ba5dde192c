package io.genpipe.simulator.fal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** The JSON bodies fal's queue answers with (vendor-apis.md section 1). Field names go out in snake_case. */
final class FalBodies {

    static final String ERROR_TYPE_HEADER = "X-Fal-Error-Type";
    static final String RETRYABLE_HEADER = "X-Fal-Retryable";

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

        static Failure contentPolicy() {
            Violation violation = new Violation(List.of("body", "prompt"),
                    "The content could not be processed because it contained material flagged by a content checker.",
                    "content_policy_violation", "https://docs.fal.ai/errors#content_policy_violation");
            return new Failure(422, new Violations(List.of(violation)), Map.of(RETRYABLE_HEADER, "false"));
        }
    }
}
