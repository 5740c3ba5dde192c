package io.genpipe.ingress.limits;

import java.time.Duration;

/** A tenant over its rate: 429 with Retry-After. Nothing was published. */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    RateLimitedException(String tenant, int jobs, int perMinute, Duration retryAfter) {
        super("Tenant '" + tenant + "' may submit " + perMinute + " jobs a minute; these " + jobs
                + " would go over it. Retry after " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
