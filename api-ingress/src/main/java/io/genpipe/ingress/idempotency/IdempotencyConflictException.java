package io.genpipe.ingress.idempotency;

/** The key was used before with a different request: 409, naming the header. */
public class IdempotencyConflictException extends RuntimeException {

    private final String jobId;

    IdempotencyConflictException(String jobId) {
        super("This Idempotency-Key was used with a different request (job '" + jobId
                + "'); use a new key for a new request");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
