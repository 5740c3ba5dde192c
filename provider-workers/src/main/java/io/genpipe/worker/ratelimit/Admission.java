package io.genpipe.worker.ratelimit;

import java.time.Duration;

/** How a call fared at its provider's {@link CallGate}. */
sealed interface Admission {

    /** How long the call waited for its turn. */
    Duration waited();

    /** It may go to the vendor now; {@link #release()} once it has ended, whatever the outcome. */
    record Admitted(Duration waited, Runnable release) implements Admission {
    }

    /** Its time ran out before the account's limits let it start: the vendor was never called. */
    record TimedOut(Duration waited) implements Admission {
    }
}
