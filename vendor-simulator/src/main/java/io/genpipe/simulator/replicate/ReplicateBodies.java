package io.genpipe.simulator.replicate;

import java.util.List;
import java.util.Map;

/** The JSON bodies Replicate answers with; the simulator's mapper writes their fields in snake_case. */
final class ReplicateBodies {

    private ReplicateBodies() {
    }

    /**
     * An error in Replicate's RFC 7807 style (vendor-apis.md section 5): {@code {"title","detail","status"}}. The
     * wording is the simulator's own; clients must branch on the status and the shape, as they must at Replicate.
     */
    record Problem(String title, String detail, int status, List<InvalidField> invalidFields) {

        Problem(String title, String detail, int status) {
            this(title, detail, status, null);
        }
    }

    record InvalidField(String type, String field, String description) {
    }

    /** A prediction as {@code GET /v1/predictions/{id}} shows it. Null fields are written as null, as Replicate does. */
    record PredictionBody(String id, String model, String version, Object input, Object output, String error,
                          String logs, String status, String createdAt, String startedAt, String completedAt,
                          boolean dataRemoved, String source, Metrics metrics, Urls urls) {
    }

    record Metrics(Double predictTime, Double totalTime) {
    }

    record Urls(String get, String cancel, String web) {
    }

    /** A training as {@code GET /v1/trainings/{id}} shows it (spec: {@code schemas_training_response}). */
    record TrainingBody(String id, String model, String version, Object input, TrainingOutput output, String error,
                        String logs, String status, String createdAt, String startedAt, String completedAt,
                        String source, Metrics metrics, Urls urls) {
    }

    /** What a training made: a version of its destination ({@code owner/name:id}) and the LoRA weights' URL. */
    record TrainingOutput(String version, String weights) {
    }

    /** A file as {@code POST /v1/files} answers it (spec: {@code schemas_file_response}). */
    record FileBody(String id, FileUrls urls, String contentType, long size, Map<String, String> checksums,
                    Object metadata, String createdAt, String expiresAt) {
    }

    record FileUrls(String get) {
    }

    /** A failure the create call answers with, and the headers it carries. */
    record Failure(Problem problem, Map<String, String> headers) {

        Failure(Problem problem) {
            this(problem, Map.of());
        }

        int status() {
            return problem.status();
        }
    }
}
