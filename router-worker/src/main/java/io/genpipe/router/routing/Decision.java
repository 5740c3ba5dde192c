package io.genpipe.router.routing;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobOutcome;

/** What the router does about an event: start another attempt, or end the job. */
public sealed interface Decision {

    /** Ask a provider's worker group for the next attempt. */
    record Dispatch(AttemptDispatched attempt) implements Decision {
    }

    /** The job has its one terminal outcome. */
    record Finish(JobOutcome outcome) implements Decision {
    }
}
