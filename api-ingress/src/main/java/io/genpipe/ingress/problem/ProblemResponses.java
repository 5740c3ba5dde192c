package io.genpipe.ingress.problem;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.idempotency.IdempotencyConflictException;
import io.genpipe.ingress.idempotency.IdempotencyKey;
import io.genpipe.ingress.limits.OverLimitException;
import io.genpipe.ingress.limits.PayloadTooLargeException;
import io.genpipe.ingress.limits.RateLimitedException;
import io.genpipe.ingress.submission.BrokerUnavailableException;
import io.genpipe.ingress.submission.ForeignTenantException;
import io.genpipe.ingress.submission.IngressSettings;
import io.genpipe.ingress.uploads.ForeignUploadException;
import io.genpipe.ingress.uploads.UploadSettings;
import io.genpipe.ingress.validation.JobRefusedException;
import io.genpipe.ingress.validation.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;

/**
 * Every error answer is RFC 9457 application/problem+json. A bad request names the field at fault in
 * {@code field}: 400 when it breaks the contract, 422 when it follows the contract but no model of the catalog can
 * do it as asked. A broker that did not acknowledge gives 503 with Retry-After, never a 202.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final IngressSettings settings;
    private final UploadSettings uploads;

    ProblemResponses(IngressSettings settings, UploadSettings uploads) {
        this.settings = settings;
        this.uploads = uploads;
    }

    @ExceptionHandler(MessageFormatException.class)
    ResponseEntity<ProblemDetail> invalidRequest(MessageFormatException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/invalid-request"));
        problem.setTitle("Invalid request");
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        problem.setProperty("problem", e.problem().name());
        return ResponseEntity.badRequest().body(problem);
    }

    /** The same members as a 400, plus what each candidate said, so a caller can see every limit at once. */
    @ExceptionHandler(JobRefusedException.class)
    ResponseEntity<ProblemDetail> refused(JobRefusedException e) {
        Refusal refusal = e.refusal();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, refusal.detail());
        problem.setType(URI.create("https://genpipe.io/problems/no-model-fits"));
        problem.setTitle("No model can do this job as asked");
        problem.setProperty("field", refusal.field());
        problem.setProperty("problem", refusal.problem().name());
        if (refusal.replacement() != null) {
            problem.setProperty("replacement", refusal.replacement());
        }
        List<CandidateRefusal> candidates = e.candidates().stream()
                .flatMap(candidate -> candidate.refused().stream().map(refused -> new CandidateRefusal(
                        candidate.provider(), candidate.model(), refused.field(), refused.reason())))
                .toList();
        if (!candidates.isEmpty()) {
            problem.setProperty("candidates", candidates);
        }
        return ResponseEntity.unprocessableContent().body(problem);
    }

    /** One candidate's own refusal, in the {@code candidates} member of a 422. */
    record CandidateRefusal(String provider, String model, String field, String reason) {
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/rate-limited"));
        problem.setTitle("Too many jobs");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/body-too-large"));
        problem.setTitle("Request body too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    /** A multipart body over {@code spring.servlet.multipart.*}, which the uploads' settings set: as any other 413. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "An upload may be at most " + uploads.maxSize().toBytes() + " bytes, and a multipart body at most "
                        + uploads.maxRequestSize().toBytes());
        problem.setType(URI.create("https://genpipe.io/problems/body-too-large"));
        problem.setTitle("Request body too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    /**
     * A multipart body that cannot be parsed (no boundary, cut short): the caller's mistake, a 400, not the server
     * error it would be left unhandled. One over the size limits is the 413 above.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e) {
        return invalidRequest(new MessageFormatException(MessageFormatException.Problem.INVALID_VALUE, null,
                "not a valid multipart/form-data body"));
    }

    @ExceptionHandler(ForeignUploadException.class)
    ResponseEntity<ProblemDetail> foreignUpload(ForeignUploadException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/foreign-upload"));
        problem.setTitle("Not your upload");
        problem.setProperty("field", e.field());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(OverLimitException.class)
    ResponseEntity<ProblemDetail> overLimit(OverLimitException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/over-limit"));
        problem.setTitle("Too many jobs in one request");
        problem.setProperty("field", e.field());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ResponseEntity<ProblemDetail> idempotencyConflict(IdempotencyConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/idempotency-key-reused"));
        problem.setTitle("Idempotency-Key reused with another request");
        problem.setProperty("field", IdempotencyKey.HEADER);
        problem.setProperty("jobId", e.jobId());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** The idempotency store (PostgreSQL) is unreachable: nothing was published, retry with the same key. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(DataAccessException e) {
        log.warn("refusing a submission with an Idempotency-Key: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Idempotency keys cannot be checked now; nothing was accepted. Retry later with the same key.");
        problem.setType(URI.create("https://genpipe.io/problems/idempotency-store-unavailable"));
        problem.setTitle("Idempotency store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.retryAfter().toSeconds())))
                .body(problem);
    }

    @ExceptionHandler(ForeignTenantException.class)
    ResponseEntity<ProblemDetail> foreignTenant(ForeignTenantException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/foreign-tenant"));
        problem.setTitle("Not your tenant");
        problem.setProperty("field", e.field());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException e) {
        log.warn("refusing a submission: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The job queue is unavailable; nothing was accepted. Retry later with the same ids.");
        problem.setType(URI.create("https://genpipe.io/problems/queue-unavailable"));
        problem.setTitle("Queue unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.retryAfter().toSeconds())))
                .body(problem);
    }
}
