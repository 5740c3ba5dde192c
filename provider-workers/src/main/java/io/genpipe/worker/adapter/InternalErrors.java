package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bug in genpipe met while making or reading a vendor call. It is not the vendor's failure: it is logged once,
 * here, with its stack trace, and the attempt fails INTERNAL_ERROR, which the router re-routes and which no breaker
 * or cooldown counts against the provider. The log names provider, job and attempt, never the prompt or a key.
 */
public final class InternalErrors {

    private static final Logger log = LoggerFactory.getLogger(InternalErrors.class);

    private InternalErrors() {
    }

    /** @param jobId null when the job is not known where the bug surfaced */
    public static GenerationResult.Failed failed(String provider, String jobId, int attempt, Throwable bug) {
        Throwable cause = TransportFailures.unwrap(bug);
        log.error("provider {}: internal error in job {} attempt {}; the attempt fails INTERNAL_ERROR, the provider's"
                + " health is not affected", provider, jobId, attempt, cause);
        return GenerationResult.Failed.of(FailureClass.INTERNAL_ERROR,
                "internal error (" + cause.getClass().getSimpleName() + ")");
    }

    public static GenerationResult.Failed failed(String provider, GenerationRequest request, Throwable bug) {
        return failed(provider, request.jobId(), request.attempt(), bug);
    }
}
