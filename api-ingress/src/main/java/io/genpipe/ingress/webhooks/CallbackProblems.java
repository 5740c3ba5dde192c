package io.genpipe.ingress.webhooks;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/** A refused callback is a 422 problem+json naming {@code callbackUrl}, as the ingress's other refusals are. */
@RestControllerAdvice
class CallbackProblems {

    @ExceptionHandler(CallbackRefusedException.class)
    ResponseEntity<ProblemDetail> refused(CallbackRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(URI.create("https://genpipe.io/problems/callback-refused"));
        problem.setTitle("Callback URL not allowed");
        problem.setProperty("field", CallbackRefusedException.FIELD);
        problem.setProperty("problem", "CALLBACK_REFUSED");
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
