package io.genpipe.cli.api;

/**
 * An answer genpipe refused or could not give, as a person reads it: the status, and the problem's field and detail
 * when the body is problem+json ({@code HTTP 422 params.width: 4096 is over fal-ai/flux/schnell's 2048}).
 */
public final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status; 0 when genpipe could not be reached at all. */
    public int status() {
        return status;
    }
}
