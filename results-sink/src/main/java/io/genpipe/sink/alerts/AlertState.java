package io.genpipe.sink.alerts;

import java.time.Instant;
import java.util.UUID;

/** Where one rule stands for one subject, as the {@code alerts} table holds it. */
sealed interface AlertState {

    /** No open alert. */
    record Quiet() implements AlertState {
    }

    /** Breached since {@code since}, not yet for long enough to fire (a rule with a sustain time). */
    record Pending(UUID alertId, Instant since) implements AlertState {
    }

    /** Raised and not cleared. */
    record Firing(UUID alertId, Instant raisedAt) implements AlertState {
    }
}
