package io.genpipe.contracts.event;

/**
 * Why an attempt failed, decided once by the adapter that saw the vendor's answer. The router decides from
 * this alone whether another provider may succeed where this one failed.
 */
public enum FailureClass {
    /**
     * Vendor 5xx, a malformed answer, connection error, outage, open circuit: the vendor's error, after which the next
     * provider (or the same one, a moment later) may well succeed.
     */
    RETRYABLE(true),
    /** The vendor refused for now (HTTP 429 and the like). */
    RATE_LIMITED(true),
    /** The account is out of balance or quota: this provider stays failed until someone pays. */
    CREDIT_EXHAUSTED(true),
    /**
     * The vendor refused the provider's key or its configuration (401, 403, a model id it does not serve): the
     * provider is misconfigured and stays failed until an operator fixes it, but another provider may serve the job.
     * Never retried within the attempt; it starts the provider's cooldown at once, like spent credits.
     */
    AUTH_FAILED(true),
    /** The vendor's safety system refused the prompt or output: another vendor must not be asked to try. */
    CONTENT_REJECTED(false),
    /** The request itself is wrong (bad parameter): retrying elsewhere repeats the mistake. */
    INVALID_REQUEST(false),
    /** No answer within the attempt's time limit. */
    TIMEOUT(true),
    /**
     * A bug in genpipe, not an answer of the vendor: the worker failed while making or reading the call. Another
     * provider's adapter may well work, so the job is re-routed, but the provider is not judged by it: no breaker,
     * cooldown or success rate counts it.
     */
    INTERNAL_ERROR(true),
    /**
     * Set by the router, never by an adapter: no provider that could do the job was available (down, unknown,
     * cooling down) before the job's deadline, so it waited and then failed.
     */
    NO_PROVIDER_AVAILABLE(false),
    /**
     * Set by the router, never by an adapter: the tenant's budget cannot cover the attempt's estimated cost (with what
     * is spent and what attempts in flight have reserved), so it was not sent.
     */
    BUDGET_EXHAUSTED(false);

    private final boolean anotherProviderMayFix;

    FailureClass(boolean anotherProviderMayFix) {
        this.anotherProviderMayFix = anotherProviderMayFix;
    }

    public boolean anotherProviderMayFix() {
        return anotherProviderMayFix;
    }
}
