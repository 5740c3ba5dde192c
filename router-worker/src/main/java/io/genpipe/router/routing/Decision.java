package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobOutcome;

import java.time.Instant;

/** What the router does about an event: start another attempt, wait for a provider, or end the job. */
public sealed interface Decision {

    /** Ask a provider's worker group for the next attempt. */
    record Dispatch(AttemptDispatched attempt) implements Decision {
    }

    /**
     * No provider that could do the job is available now, but one may recover: the job waits, at most until
     * {@code until}, and is routed again when a candidate is back.
     *
     * @param reason each candidate passed over and why ("fal is down (circuit open)", "openai is unknown (...)")
     */
    record Wait(String reason, Instant until) implements Decision {
    }

    /** The job has its one terminal outcome. */
    record Finish(JobOutcome outcome) implements Decision {
    }
}
