package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.ingress.submission.IngressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A job's outcome as the OpenAI answer: the images as asked, or the failure in OpenAI's terms. */
@Component
class GenerationAnswers {

    /** What to answer, and the {@code outcome} tag it counts under. */
    record Answer(ResponseEntity<?> response, String outcome) {
    }

    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String IMAGE_UNAVAILABLE = "image_unavailable";

    private static final Logger log = LoggerFactory.getLogger(GenerationAnswers.class);

    private final ImageBytes bytes;
    private final IngressSettings settings;

    GenerationAnswers(ImageBytes bytes, IngressSettings settings) {
        this.bytes = bytes;
        this.settings = settings;
    }

    CompletableFuture<Answer> answer(JobOutcome outcome, ResponseFormat format) {
        URI statusUrl = settings.jobStatus(outcome.jobId());
        if (outcome instanceof JobFailed failed) {
            return CompletableFuture.completedFuture(
                    new Answer(FailureAnswers.answer(failed, statusUrl, settings.retryAfter()), FAILED));
        }
        JobSucceeded succeeded = (JobSucceeded) outcome;
        List<CompletableFuture<ImagesResponse.Image>> images = succeeded.images().stream()
                .map(image -> image(image, format)).toList();
        return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Answer(ResponseEntity.ok(ImagesResponse.of(succeeded,
                        images.stream().map(CompletableFuture::join).toList())), SUCCEEDED))
                .exceptionally(error -> unavailable(succeeded, statusUrl, error));
    }

    private CompletableFuture<ImagesResponse.Image> image(ImageRef image, ResponseFormat format) {
        if (format == ResponseFormat.URL && isHttp(image.uri())) {
            return CompletableFuture.completedFuture(ImagesResponse.Image.at(image.uri()));
        }
        return bytes.read(image.uri()).thenApply(read -> format == ResponseFormat.B64_JSON
                ? ImagesResponse.Image.bytes(Base64.getEncoder().encodeToString(read))
                // A file: reference means nothing to a remote caller: the image itself, as a data: URL.
                : ImagesResponse.Image.at(dataUrl(image, read)));
    }

    /** The job succeeded, and was billed, but this answer cannot carry its images: 502, naming where the job is. */
    private static Answer unavailable(JobSucceeded succeeded, URI statusUrl, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        log.warn("job {} succeeded but its images could not be read: {}", succeeded.jobId(), cause.getMessage());
        return new Answer(ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(OpenAiError.of(
                "The images were made but could not be read (" + cause.getMessage() + "); job "
                        + succeeded.jobId() + ": " + statusUrl, "server_error", null, "image_unavailable")),
                IMAGE_UNAVAILABLE);
    }

    static boolean isHttp(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    static String dataUrl(ImageRef image, byte[] bytes) {
        String type = image.contentType() != null ? image.contentType() : typeOfName(image.uri());
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static String typeOfName(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return lower.endsWith(".png") ? "image/png" : "application/octet-stream";
    }
}
