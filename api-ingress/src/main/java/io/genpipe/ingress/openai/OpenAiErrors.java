package io.genpipe.ingress.openai;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.limits.PayloadTooLargeException;
import io.genpipe.ingress.limits.RateLimitedException;
import io.genpipe.ingress.submission.BrokerUnavailableException;
import io.genpipe.ingress.submission.IngressSettings;
import io.genpipe.ingress.uploads.ForeignUploadException;
import io.genpipe.ingress.uploads.UploadSettings;
import io.genpipe.ingress.validation.JobRefusedException;
import io.genpipe.ingress.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import java.util.Locale;

/**
 * Errors of the OpenAI endpoint in OpenAI's shape, not problem+json: the callers are OpenAI SDKs, which read
 * {@code error.message}, {@code error.param} and {@code error.code} into the exceptions their users catch, and show a
 * problem+json body as an unexplained status. The rule of the rest of the API still holds in that shape: the member
 * at fault is named ({@code param}, in OpenAI's names), 400 when the request is malformed, 422 when the catalog has
 * no model that does it as asked (as {@code POST /v1/jobs}), 503 with Retry-After when the broker did not
 * acknowledge. Ordered first, and only for this controller: the rest of the API keeps problem+json.
 */
@RestControllerAdvice(assignableTypes = OpenAiImagesController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrors {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);
    private static final String INVALID_REQUEST = "invalid_request_error";

    private final IngressSettings settings;
    private final UploadSettings uploads;

    OpenAiErrors(IngressSettings settings, UploadSettings uploads) {
        this.settings = settings;
        this.uploads = uploads;
    }

    @ExceptionHandler(InvalidImageRequest.class)
    ResponseEntity<OpenAiError> invalid(InvalidImageRequest e) {
        return ResponseEntity.badRequest()
                .body(OpenAiError.of(e.getMessage(), INVALID_REQUEST, e.param(), e.code().wireName()));
    }

    /** The body read with the contract's serde: its field names are the request's own members. */
    @ExceptionHandler(MessageFormatException.class)
    ResponseEntity<OpenAiError> malformed(MessageFormatException e) {
        String code = switch (e.problem()) {
            case MISSING_FIELD -> "missing_required_parameter";
            case NOT_JSON -> "invalid_json";
            default -> "invalid_value";
        };
        return ResponseEntity.badRequest().body(OpenAiError.of(e.getMessage(), INVALID_REQUEST, e.field(), code));
    }

    /** A body Spring could not read at all (an empty one): as the serde refuses one that is not JSON. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OpenAiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(OpenAiError.of("The body must be a JSON object; it was empty or"
                + " unreadable", INVALID_REQUEST, null, "invalid_json"));
    }

    @ExceptionHandler(JobRefusedException.class)
    ResponseEntity<OpenAiError> refused(JobRefusedException e) {
        Refusal refusal = e.refusal();
        String param = ImageGenerationMapping.paramOf(refusal.field());
        String message = (param != null ? param : refusal.field()) + ": " + refusal.reason()
                + (refusal.replacement() != null ? " (ask for " + refusal.replacement() + ")" : "");
        return ResponseEntity.unprocessableContent().body(OpenAiError.of(message, INVALID_REQUEST, param,
                refusal.problem().name().toLowerCase(Locale.ROOT)));
    }

    /** Another tenant's upload named in {@code image_url}. */
    @ExceptionHandler(ForeignUploadException.class)
    ResponseEntity<OpenAiError> foreignUpload(ForeignUploadException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(OpenAiError.of(e.getMessage(), "permission_error", e.field(), "foreign_upload"));
    }

    /** A file over {@code genpipe.ingress.uploads.max-size}, or a form over {@code max-request-size}. */
    @ExceptionHandler({PayloadTooLargeException.class, MaxUploadSizeExceededException.class})
    ResponseEntity<OpenAiError> tooLarge(Exception e) {
        String message = e instanceof PayloadTooLargeException ? e.getMessage()
                : "An image edit request may be at most " + uploads.maxRequestSize().toBytes() + " bytes, each file"
                + " at most " + uploads.maxSize().toBytes();
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(OpenAiError.of(message, INVALID_REQUEST, null, "file_too_large"));
    }

    /** A form that cannot be parsed (no boundary, cut short); one too large is {@link #tooLarge}. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<OpenAiError> malformedForm(MultipartException e) {
        return ResponseEntity.badRequest().body(OpenAiError.of("The body is not a valid multipart/form-data form",
                INVALID_REQUEST, null, "invalid_multipart"));
    }

    /** OpenAI's own answer to a client over its rate: the SDKs wait Retry-After and try again. */
    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<OpenAiError> rateLimited(RateLimitedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(OpenAiError.of(e.getMessage(), "requests", null, "rate_limit_exceeded"));
    }

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<OpenAiError> brokerUnavailable(BrokerUnavailableException e) {
        log.warn("refusing an image request: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.retryAfter().toSeconds())))
                .body(OpenAiError.of("The job queue is unavailable; nothing was accepted. Retry later.",
                        "server_error", null, "queue_unavailable"));
    }
}
