package io.genpipe.ingress.admin;

import io.genpipe.ingress.submission.IngressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/**
 * The admin API's own refusals, as problem+json like the rest of the ingress (a body that breaks its shape is the
 * ingress's usual 400, naming the field): 404 for a provider the catalog does not have, 422 naming the member the
 * catalog refuses, 412 with the version in force when {@code If-Match} is stale, 503 with Retry-After when the broker
 * or the database did not answer.
 */
@RestControllerAdvice(assignableTypes = AdminSettingsController.class)
class AdminProblems {

    private static final Logger log = LoggerFactory.getLogger(AdminProblems.class);

    private final IngressSettings settings;

    AdminProblems(IngressSettings settings) {
        this.settings = settings;
    }

    @ExceptionHandler(UnknownProviderException.class)
    ResponseEntity<ProblemDetail> unknownProvider(UnknownProviderException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/unknown-provider"));
        problem.setTitle("Unknown provider");
        problem.setProperty("field", "provider");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(SettingsRefusedException.class)
    ResponseEntity<ProblemDetail> refused(SettingsRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/settings-refused"));
        problem.setTitle("The catalog refuses these settings");
        problem.setProperty("field", e.field());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<ProblemDetail> staleVersion(VersionMismatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/settings-changed-meanwhile"));
        problem.setTitle("Settings changed meanwhile");
        problem.setProperty("field", Versions.IF_MATCH);
        problem.setProperty("currentVersion", e.current());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag(Versions.etag(e.current())).body(problem);
    }

    @ExceptionHandler(SettingsUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(SettingsUnavailableException e) {
        log.warn("admin request not served: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The settings are unavailable: " + e.getMessage() + ". A change may or may not be in force; "
                        + "GET the settings (their version tells) before retrying.");
        problem.setType(URI.create("https://genpipe.io/problems/settings-unavailable"));
        problem.setTitle("Settings unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.retryAfter().toSeconds())))
                .body(problem);
    }
}
