package io.genpipe.worker.provider;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What this service decides about one provider; everything else about it (adapter type, base URL, key variable,
 * limits, models, prices) is catalog data, under {@code genpipe.catalog.providers.<name>}. Adapter-specific
 * options live under {@code genpipe.workers.providers.<name>.options}, and each adapter binds its own.
 *
 * @param attemptTimeout a vendor call that has not ended by then is given up as TIMEOUT; retries happen within it
 * @param retry          how a call that failed for a passing reason is made again within the attempt
 */
public record ProviderSettings(@DefaultValue("120s") Duration attemptTimeout, @DefaultValue Retry retry) {

    /** A provider nothing is configured for. */
    public static final ProviderSettings DEFAULTS = new ProviderSettings(null, null);

    public ProviderSettings {
        attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(120) : attemptTimeout;
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attempt-timeout must be positive, was " + attemptTimeout);
        }
        retry = retry == null ? Retry.DEFAULTS : retry;
    }

    /** Where an adapter's own options are bound from. */
    public static String optionsPrefix(String provider) {
        return "genpipe.workers.providers." + provider + ".options";
    }

    /**
     * Retries inside one attempt, for RETRYABLE and RATE_LIMITED failures the vendor did not bill. The wait before
     * call n+1 is drawn uniformly from [0, min(maxBackOff, initialBackOff x 2^(n-1))] ("full jitter", so instances
     * that failed together do not come back together), or is the wait the vendor stated. A stated wait longer than
     * {@code maxBackOff}, or than what is left of the attempt, is not waited out: the attempt ends with that failure,
     * the router re-routes the job, and the provider's breaker holds open for the stated wait.
     *
     * @param maxAttempts    vendor calls per attempt in all, the first included; 1 turns retries off
     * @param initialBackOff the upper bound of the first wait
     * @param maxBackOff     the upper bound of any wait, ours or the vendor's
     */
    public record Retry(@DefaultValue("3") Integer maxAttempts, @DefaultValue("200ms") Duration initialBackOff,
                        @DefaultValue("5s") Duration maxBackOff) {

        public static final Retry DEFAULTS = new Retry(null, null, null);

        public Retry {
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            initialBackOff = initialBackOff == null ? Duration.ofMillis(200) : initialBackOff;
            maxBackOff = maxBackOff == null ? Duration.ofSeconds(5) : maxBackOff;
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry.max-attempts must be at least 1, was " + maxAttempts);
            }
            if (initialBackOff.isNegative() || initialBackOff.isZero()) {
                throw new IllegalArgumentException("retry.initial-back-off must be positive, was " + initialBackOff);
            }
            if (maxBackOff.compareTo(initialBackOff) < 0) {
                throw new IllegalArgumentException("retry.max-back-off must be at least retry.initial-back-off ("
                        + initialBackOff + "), was " + maxBackOff);
            }
        }
    }
}
